package dev.homeport.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Optional;

/**
 * The host clock's synchronization as the kernel keeps it, read with {@code adjtimex(2)} (modes 0: a read): what the
 * ECS agent reports as a task's {@code ClockDrift}. Tasks share the host's clock, so this is theirs too.
 *
 * <p>The call goes through the JDK's foreign function API, looked up reflectively: Homeport is compiled for Java 21,
 * where that API is a preview, and runs on a JDK where it is final (25). Where it can't be used (another JDK, another
 * OS or architecture, native access refused) {@link #read} is empty and the field is left out, never made up.
 */
public final class HostClock {
    /** {@code struct timex} on x86-64 and aarch64 Linux: 208 bytes; the fields read are at these offsets. */
    private static final int TIMEX_SIZE = 208;
    private static final int MAXERROR_OFFSET = 24; // long, microseconds
    private static final int STATUS_OFFSET = 40;   // int
    private static final int TIME_SEC_OFFSET = 72; // struct timeval: long seconds, long microseconds
    private static final int STA_UNSYNC = 0x0040;
    /** The time's second field holds nanoseconds, not microseconds. */
    private static final int STA_NANO = 0x2000;
    private static final int TIME_ERROR = 5;

    /**
     * @param errorBoundMillis the kernel's maximum error of the clock (its {@code maxerror}, which the NTP daemon
     *                         sets and which grows while it is not synchronized)
     * @param reference        when the kernel was asked
     * @param synced           whether a daemon keeps the clock synchronized (no {@code STA_UNSYNC}, no TIME_ERROR)
     */
    public record Status(double errorBoundMillis, Instant reference, boolean synced) {
    }

    private HostClock() {
    }

    /** The clock's status now; empty when it can't be read here. */
    public static Optional<Status> read() {
        Native n = Native.INSTANCE;
        if (n == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(n.adjtimex());
        } catch (Throwable e) {
            return Optional.empty();
        }
    }

    /** The foreign function handles, made once; null when unavailable. */
    private static final class Native {
        static final Native INSTANCE = create();

        private final MethodHandle adjtimex;
        private final Method ofConfined;
        private final Method allocate;
        private final Method toArray;
        private final Object javaByte;

        private Native(MethodHandle adjtimex, Method ofConfined, Method allocate, Method toArray, Object javaByte) {
            this.adjtimex = adjtimex;
            this.ofConfined = ofConfined;
            this.allocate = allocate;
            this.toArray = toArray;
            this.javaByte = javaByte;
        }

        private static Native create() {
            String arch = System.getProperty("os.arch", "");
            if (!System.getProperty("os.name", "").equals("Linux") || !(arch.equals("amd64") || arch.equals("aarch64"))) {
                return null;
            }
            try {
                Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
                Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
                Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> valueLayoutClass = Class.forName("java.lang.foreign.ValueLayout");
                Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
                Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
                Class<?> allocatorClass = Class.forName("java.lang.foreign.SegmentAllocator");
                Class<?> ofByteClass = Class.forName("java.lang.foreign.ValueLayout$OfByte");

                Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
                Object lookup = linkerClass.getMethod("defaultLookup").invoke(linker);
                Optional<?> symbol = (Optional<?>) lookupClass.getMethod("find", String.class).invoke(lookup, "adjtimex");
                if (symbol.isEmpty()) {
                    return null;
                }
                Object layouts = Array.newInstance(layoutClass, 1);
                Array.set(layouts, 0, valueLayoutClass.getField("ADDRESS").get(null));
                // int adjtimex(struct timex *buf)
                Object descriptor = descriptorClass.getMethod("of", layoutClass, layouts.getClass())
                        .invoke(null, valueLayoutClass.getField("JAVA_INT").get(null), layouts);
                MethodHandle handle = (MethodHandle) linkerClass.getMethod("downcallHandle", segmentClass,
                        descriptorClass, optionClass.arrayType()).invoke(linker, symbol.get(), descriptor,
                        Array.newInstance(optionClass, 0));
                Native n = new Native(handle, arenaClass.getMethod("ofConfined"),
                        allocatorClass.getMethod("allocate", long.class),
                        segmentClass.getMethod("toArray", ofByteClass), valueLayoutClass.getField("JAVA_BYTE").get(null));
                n.adjtimex(); // a JDK where the API is a preview refuses here: then there is none
                return n;
            } catch (Throwable e) {
                return null;
            }
        }

        Status adjtimex() throws Throwable {
            try (AutoCloseable arena = (AutoCloseable) ofConfined.invoke(null)) {
                Object timex = allocate.invoke(arena, (long) TIMEX_SIZE); // zeroed: modes 0, a read
                int state = (int) adjtimex.invoke(timex);
                if (state < 0) {
                    throw new IllegalStateException("adjtimex failed");
                }
                ByteBuffer b = ByteBuffer.wrap((byte[]) toArray.invoke(timex, javaByte)).order(ByteOrder.nativeOrder());
                long maxErrorMicros = b.getLong(MAXERROR_OFFSET);
                int status = b.getInt(STATUS_OFFSET);
                long seconds = b.getLong(TIME_SEC_OFFSET);
                long fraction = b.getLong(TIME_SEC_OFFSET + 8);
                long nanos = (status & STA_NANO) != 0 ? fraction : fraction * 1000;
                return new Status(maxErrorMicros / 1000.0, Instant.ofEpochSecond(seconds, nanos),
                        (status & STA_UNSYNC) == 0 && state != TIME_ERROR);
            }
        }
    }
}
