package dev.homeport.ecs.model;

/** A task's {@code connectivity}: whether its network is attached. */
public enum Connectivity {
    CONNECTED, DISCONNECTED
}
