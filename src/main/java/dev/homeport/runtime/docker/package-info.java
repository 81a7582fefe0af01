/**
 * Tasks on a Docker engine (docker-java, Apache HttpClient 5 transport), emulating Fargate's awsvpc mode with
 * a pause sandbox per task on a per-subnet bridge network. Construct with
 * {@code new DockerTaskDriver(DockerDriverConfig.defaults())}. All state lives in the engine as labels
 * ({@link dev.homeport.runtime.docker.Labels}), which is what makes {@code recover()} possible.
 */
package dev.homeport.runtime.docker;
