package dev.homeport.cloudtrail;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events of one account and region as one stored value. Calls repeat most of what an event holds (the caller, its
 * key, address and user agent, the operation, the parameters, the resources), so the batch keeps each distinct string
 * once, in a dictionary written first, and each event as its time and references into it (0 is null). Written once
 * by the recorder's thread, read by LookupEvents; the account and region are the row's, not the events'.
 *
 * <pre>
 * byte   format (1)
 * int    n strings, then each: int length, UTF-8 bytes
 * int    n events, then each: long epoch millis, event id and request id (each: int length, UTF-8 bytes; every
 *        event has its own), then FIELDS ints (string index + 1, 0 = null)
 * </pre>
 */
final class TrailBatch {
    private static final byte FORMAT = 1;
    /** name, source, username, accessKeyId, resources, kind, arn, principalId, ip, agent, error code and message, parameters. */
    private static final int FIELDS = 13;

    private TrailBatch() {
    }

    static byte[] encode(List<TrailEvent> events) {
        // Most fields of most events are the same String instances (constants, the caller's ARN, remembered
        // parameters): looked up by identity first, by value only when that misses.
        Map<String, Integer> byInstance = new IdentityHashMap<>();
        Map<String, Integer> byValue = new HashMap<>();
        List<byte[]> strings = new ArrayList<>();
        int size = 1 + 4 + 4;
        int[] refs = new int[events.size() * FIELDS];
        byte[][] ids = new byte[events.size() * 2][];
        // Calls on one resource share their resource list (see CloudTrailRecorder): formatted once.
        Map<List<TrailEvent.TrailResource>, String> formatted = new IdentityHashMap<>();
        // A field usually holds what it held in the event before (one client's calls follow each other): checked
        // first, by identity and then by value, before the dictionary's maps (most of this method's time before).
        String[] previous = new String[FIELDS];
        int[] previousRef = new int[FIELDS];
        int at = 0;
        int e = 0;
        for (TrailEvent event : events) {
            String[] values = fields(event, formatted);
            for (int f = 0; f < FIELDS; f++) {
                String s = values[f];
                int ref = 0;
                if (s != null && (s == previous[f] || s.equals(previous[f]))) {
                    ref = previousRef[f];
                } else if (s != null) {
                    Integer known = byInstance.get(s);
                    if (known == null) {
                        known = byValue.get(s);
                        if (known == null) {
                            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                            strings.add(utf8);
                            size += 4 + utf8.length;
                            known = strings.size();
                            byValue.put(s, known);
                        }
                        byInstance.put(s, known);
                    }
                    ref = known;
                    previous[f] = s;
                    previousRef[f] = ref;
                }
                refs[at++] = ref;
            }
            ids[e] = event.eventId().getBytes(StandardCharsets.UTF_8);
            ids[e + 1] = event.requestId().getBytes(StandardCharsets.UTF_8);
            size += 8 + 4 + ids[e].length + 4 + ids[e + 1].length + FIELDS * 4;
            e += 2;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT);
        out.putInt(strings.size());
        for (byte[] utf8 : strings) {
            out.putInt(utf8.length).put(utf8);
        }
        out.putInt(events.size());
        at = 0;
        e = 0;
        for (TrailEvent event : events) {
            out.putLong(event.time().toEpochMilli());
            out.putInt(ids[e].length).put(ids[e]);
            out.putInt(ids[e + 1].length).put(ids[e + 1]);
            e += 2;
            for (int f = 0; f < FIELDS; f++) {
                out.putInt(refs[at++]);
            }
        }
        return out.array();
    }

    static List<TrailEvent> decode(String account, String region, byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown CloudTrail batch format " + format);
            }
            String[] strings = new String[in.readInt() + 1];
            for (int i = 1; i < strings.length; i++) {
                strings[i] = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
            }
            int n = in.readInt();
            List<TrailEvent> events = new ArrayList<>(n);
            String[] f = new String[FIELDS];
            for (int i = 0; i < n; i++) {
                Instant time = Instant.ofEpochMilli(in.readLong());
                String eventId = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                String requestId = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
                for (int k = 0; k < FIELDS; k++) {
                    f[k] = strings[in.readInt()];
                }
                events.add(new TrailEvent(eventId, account, region, time, f[0], f[1],
                        CloudTrailRecorder.isReadOnly(f[0]), f[2], f[3], TrailEvent.TrailResource.parse(f[4]), f[5],
                        f[6], f[7], f[8], f[9], requestId, f[10], f[11], f[12]));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] fields(TrailEvent e, Map<List<TrailEvent.TrailResource>, String> formatted) {
        return new String[]{e.name(), e.source(), e.username(), e.accessKeyId(),
                formatted.computeIfAbsent(e.resources(), TrailEvent.TrailResource::format), e.principalKind(),
                e.principalArn(), e.principalId(), e.sourceIp(), e.userAgent(), e.errorCode(), e.errorMessage(),
                e.parameters()};
    }
}
