package dev.homeport.runtime.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import dev.homeport.runtime.TaskStartException;

import dev.homeport.runtime.RegistryLogin;
import dev.homeport.runtime.TaskSpec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes an image present locally: a local image is used as is (ECS_IMAGE_PULL_BEHAVIOR=prefer-cached),
 * otherwise it is pulled. A failure becomes ECS's {@code CannotPullContainerError} with the daemon's words.
 */
final class Images {

    private final DockerConnection docker;

    Images(DockerConnection docker) {
        this.docker = docker;
    }

    /**
     * Ensures every image of the task, distinct images side by side.
     *
     * @return image reference -> digest (or content id)
     * @throws dev.homeport.runtime.TaskStartException CannotPullContainerError naming the first container using the image
     */
    Map<String, String> ensureAll(TaskSpec spec) {
        Map<String, String> firstUser = new LinkedHashMap<>(); // image -> first container using it, for the reason
        spec.containers().forEach(c -> firstUser.putIfAbsent(c.image(), c.name()));
        List<String> distinct = List.copyOf(firstUser.keySet());
        RegistryLogin login = spec.registryLogin();
        Parallel.Outcome<String> pulled = Parallel.run(distinct.size(), i -> login != null
                && login.covers(distinct.get(i)) ? pullWith(login, firstUser.get(distinct.get(i)), distinct.get(i))
                : ensure(firstUser.get(distinct.get(i)), distinct.get(i)));
        if (pulled.failure() != null) {
            throw pulled.failure();
        }
        Map<String, String> digests = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            digests.put(distinct.get(i), pulled.results().get(i));
        }
        return digests;
    }

    /** @return the image's digest if it came from a registry, else its content id */
    String ensure(String containerName, String image) {
        try {
            return digest(docker.control().inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            pull(containerName, image);
        }
        try {
            return digest(docker.control().inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_PULL_CONTAINER, containerName,
                    "image " + image + " is still missing after a successful pull", e);
        }
    }

    /**
     * An image of Homeport's registry is pulled every time, with the task's login, as Fargate pulls every image: so
     * the execution role's permission to pull it is checked for every task, and a tag moved since is followed.
     */
    private String pullWith(RegistryLogin login, String containerName, String image) {
        pull(containerName, image, new AuthConfig().withUsername(login.username()).withPassword(login.password())
                .withRegistryAddress(login.registry()));
        try {
            return digest(docker.control().inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_PULL_CONTAINER, containerName,
                    "image " + image + " is still missing after a successful pull", e);
        }
    }

    private void pull(String containerName, String image) {
        pull(containerName, image, null);
    }

    private void pull(String containerName, String image, AuthConfig auth) {
        Reference ref = Reference.parse(image);
        try {
            var command = docker.streaming().pullImageCmd(ref.repository()).withTag(ref.tag());
            if (auth != null) {
                command = command.withAuthConfig(auth);
            }
            QuietPull pull = command.exec(new QuietPull());
            try {
                pull.awaitCompletion(); // throws when the pull stream ended with an error message
            } catch (RuntimeException e) {
                if (pull.error == null) {
                    throw e;
                }
            }
            if (pull.error != null) {
                throw pull.error; // the request itself failed (e.g. registry unreachable): the daemon's own words
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskStartException(TaskStartException.Kind.CANNOT_PULL_CONTAINER, containerName,
                    "pull of " + image + " interrupted", e);
        } catch (RuntimeException e) {
            throw new TaskStartException(TaskStartException.Kind.CANNOT_PULL_CONTAINER, containerName,
                    DockerErrors.daemonMessage(e), e);
        }
    }

    /**
     * docker-java's callback logs every failed pull at SEVERE before handing it over; a failed pull is an
     * expected outcome here (ECS reports it as the task's stoppedReason), so keep it and don't log it.
     */
    private static final class QuietPull extends PullImageResultCallback {
        private volatile RuntimeException error;

        @Override
        public void onError(Throwable throwable) {
            error = throwable instanceof RuntimeException r ? r : new RuntimeException(throwable.getMessage(), throwable);
            try {
                close();
            } catch (java.io.IOException e) {
                // the stream is finished either way
            }
        }
    }

    private static String digest(InspectImageResponse image) {
        List<String> repoDigests = image.getRepoDigests();
        if (repoDigests != null && !repoDigests.isEmpty()) {
            String d = repoDigests.getFirst();
            return d.substring(d.indexOf('@') + 1);
        }
        return image.getId();
    }

    /**
     * An image reference split as the pull API wants it. The tag must never be empty: an empty tag asks
     * the engine to pull every tag of the repository.
     */
    record Reference(String repository, String tag) {
        static Reference parse(String image) {
            int at = image.indexOf('@');
            if (at >= 0) {
                return new Reference(image.substring(0, at), image.substring(at + 1)); // the API takes a digest as tag
            }
            int colon = image.lastIndexOf(':');
            if (colon > image.lastIndexOf('/')) { // a colon before the last '/' is a registry port
                return new Reference(image.substring(0, colon), image.substring(colon + 1));
            }
            return new Reference(image, "latest");
        }
    }
}
