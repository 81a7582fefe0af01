package dev.homeport.runtime;

/**
 * The login a task's image pulls from one registry use ({@code docker login}'s user and password for
 * {@code registry}): what the ECS agent gets from {@code ecr:GetAuthorizationToken} as the execution role.
 *
 * @param registry the registry's {@code host:port}, as image references name it
 */
public record RegistryLogin(String registry, String username, String password) {
    /** Whether {@code image} is in this registry. */
    public boolean covers(String image) {
        return image.startsWith(registry + "/");
    }

    @Override
    public String toString() {
        return "RegistryLogin[" + registry + ", " + username + ", password hidden]";
    }
}
