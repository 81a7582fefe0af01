package dev.homeport.ecs.model;

/** An attachment's {@code status} (the ENI of a Fargate task goes PRECREATED → ATTACHED → DELETED). */
public enum AttachmentStatus {
    PRECREATED, CREATED, ATTACHING, ATTACHED, DETACHING, DETACHED, DELETED, FAILED
}
