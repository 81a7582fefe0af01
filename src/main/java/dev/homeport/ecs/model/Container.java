package dev.homeport.ecs.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A container of a task as DescribeTasks shows it. Mutable: part of a task document. */
public final class Container {
    public String containerArn;
    public String taskArn;
    public String name;
    public String image;
    public String imageDigest;
    public String runtimeId;
    public String lastStatus;
    public Integer exitCode;
    public String reason;
    public JsonNode networkBindings;
    public List<NetworkInterface> networkInterfaces;
    public String healthStatus;
    public String cpu;
    public String memory;
    public String memoryReservation;
}
