package dev.homeport.runtime.docker;

import dev.homeport.runtime.NetworkAttachment;

/** A running pause container owning a task's network namespace: the task's "ENI". */
record Sandbox(String id, String subnetId, String ip, String mac) {

    NetworkAttachment attachment() {
        return new NetworkAttachment(subnetId, "eni-" + id.substring(0, 17), ip, mac);
    }
}
