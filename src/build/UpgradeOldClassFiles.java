import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step (run by the antrun plugin after shading): rewrites the class files of the shaded jar
 * that are older than Java 6 (class file version &lt; 50) as Java 8 class files with stack map frames.
 *
 * <p>Why: the JVM's AOT cache (and CDS before it) cannot hold classes older than version 50, they
 * need the old type-inferring verifier. picocli is compiled for Java 5, so its 200-odd classes were
 * loaded, parsed and verified from the jar at every start (about half a second of CPU on the
 * two-core target machine) while everything else came from the cache. The bytecode itself is left
 * as it is: only the version changes and ASM computes the frames the new verifier checks.
 *
 * <p>Usage: {@code java -cp asm.jar UpgradeOldClassFiles.java JAR}; the jar is replaced in place.
 */
public final class UpgradeOldClassFiles {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int upgraded = 0;
        // Frames need the common superclass of two types, which ASM finds by loading them: from the jar
        // itself, then the JDK.
        try (ZipFile in = new ZipFile(jar.toFile());
             URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader());
             OutputStream file = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(entry)) {
                    bytes = s.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
                    bytes = upgrade(bytes, loader);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("UpgradeOldClassFiles: " + upgraded + " class files of " + jar.getFileName()
                + " upgraded to Java 8 (version 52)");
    }

    private static int majorVersion(byte[] classFile) {
        return classFile.length < 8 ? Integer.MAX_VALUE : ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] upgrade(byte[] classFile, ClassLoader loader) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return loader;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }
}
