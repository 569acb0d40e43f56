package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Blocking I/O of every common kind inside goroutines (files, a process start), and once on a
 * platform thread. Prints {@code KIND=N}: how many syscalls gmp counted during just that operation
 * (files are opened outside the counted part, except for {@code open}).
 */
public final class BlockingIoApp {
    interface Operation {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("gmp-blocking-io");
        Path file = dir.resolve("data.bin");
        Files.write(file, new byte[4096]);
        try (ExecutorService goroutines = Executors.newVirtualThreadPerTaskExecutor();
             FileInputStream in = new FileInputStream(file.toFile());
             FileOutputStream out = new FileOutputStream(dir.resolve("out.bin").toFile());
             RandomAccessFile raf = new RandomAccessFile(dir.resolve("raf.bin").toFile(), "rw")) {
            // one operation at a time, so each count is that operation's alone
            report("open", goroutines, () -> new FileInputStream(file.toFile()).close());
            report("fileInputStream", goroutines, () -> in.read(new byte[1024]));
            report("fileOutputStream", goroutines, () -> out.write(new byte[1024]));
            report("randomAccessFileWrite", goroutines, () -> raf.write(new byte[512]));
            report("randomAccessFileRead", goroutines, () -> {
                raf.seek(0);
                raf.read(new byte[512]);
            });
            // FileDescriptor.sync is bracketed by the JDK's own Blocker and by nothing else.
            report("blockerMarkedSync", goroutines, () -> out.getFD().sync());
            report("filesReadString", goroutines, () -> {
                Files.writeString(dir.resolve("text.txt"), "hello");
                Files.readString(dir.resolve("text.txt"), StandardCharsets.UTF_8);
            });
            report("processStart", goroutines, () -> new ProcessBuilder("true").start().waitFor());
            long[] platform = new long[1];
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    platform[0] = syscallsDuring(() -> in.read(new byte[16])).call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            reader.join();
            System.out.println("platformThread=" + platform[0]);
        }
    }

    private static void report(String kind, ExecutorService goroutines, Operation operation) throws Exception {
        System.out.println(kind + "=" + goroutines.submit(syscallsDuring(operation)).get());
    }

    /** Runs the operation and returns how many syscalls the scheduler counted meanwhile. */
    private static Callable<Long> syscallsDuring(Operation operation) {
        return () -> {
            long before = Gmp.snapshot().totals().syscalls();
            operation.run();
            return Gmp.snapshot().totals().syscalls() - before;
        };
    }
}
