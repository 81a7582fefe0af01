package dev.homeport.runtime;

/**
 * A container the driver created for a task.
 *
 * @param name        the ECS container name
 * @param runtimeId   the backend's id (Docker container id, or a process-driver id); ECS {@code runtimeId}
 * @param imageDigest the image's content id/digest when the driver has images, else null
 */
public record ContainerHandle(String name, String runtimeId, String imageDigest) {
}
