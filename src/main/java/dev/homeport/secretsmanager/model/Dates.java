package dev.homeport.secretsmanager.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Normalisation shared by the records, so an in-memory record equals the one read back from the store. */
final class Dates {
    private Dates() {}

    /** The store keeps milliseconds (AWS shows fractional epoch seconds with 3 digits). Null stays null. */
    static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }
}
