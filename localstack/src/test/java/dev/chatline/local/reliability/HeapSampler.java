package dev.chatline.local.reliability;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, every few seconds, the used heap of this JVM right after a full GC — the local runtime hosts every
 * function in-process, so this is the functions' and the runtime's memory (plus the harness's bookkeeping) — and
 * the resident set of the moto server (a child process; moto keeps every item in memory and never expires any, so
 * it grows with the data). The trend is the least-squares slope of the heap over the second half of the run, after
 * the warm-up: flat memory means a slope near zero.
 */
final class HeapSampler implements AutoCloseable {
    /** One sample: minutes since the start, heap after GC and moto's RSS in MB (-1 when unknown). */
    record Sample(double minutes, double heapMb, double motoRssMb) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heap-sampler");
        t.setDaemon(true);
        return t;
    });
    private final long start = System.nanoTime();

    HeapSampler(long everySeconds) {
        timer.scheduleAtFixedRate(this::sample, 0, everySeconds, TimeUnit.SECONDS);
    }

    synchronized void sample() {
        System.gc();
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        samples.add(new Sample((System.nanoTime() - start) / 60e9, heap, motoRssMb()));
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** MB per minute of the heap after GC over the second half of the samples (0 with fewer than 4). */
    synchronized double heapTrend() {
        List<Sample> late = samples.subList(samples.size() / 2, samples.size());
        if (late.size() < 2 || samples.size() < 4) {
            return 0;
        }
        double mx = late.stream().mapToDouble(Sample::minutes).average().orElse(0);
        double my = late.stream().mapToDouble(Sample::heapMb).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Sample s : late) {
            num += (s.minutes() - mx) * (s.heapMb() - my);
            den += (s.minutes() - mx) * (s.minutes() - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    /** The resident set of the moto server child process, in MB; -1 when it cannot be read (not Linux). */
    static double motoRssMb() {
        Optional<ProcessHandle> moto = ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("moto")).findFirst();
        if (moto.isEmpty()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(moto.get().pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
