package dev.homeport.ecs.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a task stopped, as ECS's {@code stopCode} says it (the API reference's StopCode enum). */
public enum StopCode {
    TASK_FAILED_TO_START("TaskFailedToStart"),
    ESSENTIAL_CONTAINER_EXITED("EssentialContainerExited"),
    USER_INITIATED("UserInitiated"),
    SERVICE_SCHEDULER_INITIATED("ServiceSchedulerInitiated"),
    SPOT_INTERRUPTION("SpotInterruption"),
    TERMINATION_NOTICE("TerminationNotice");

    private final String wire;

    StopCode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static StopCode of(String wire) {
        for (StopCode c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not a stop code: " + wire);
    }
}
