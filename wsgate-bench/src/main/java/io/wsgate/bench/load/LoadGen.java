package io.wsgate.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;

/**
 * A load generator process: {@code LoadGen JOB_JSON}. Prints {@code RESULT} and the {@link Result}
 * as JSON on one line (an {@link Job.Kind#IDLE} job first prints {@code READY n} and waits for a
 * line on stdin). Exits by itself, with status 3, if the job outlives its deadline.
 */
public final class LoadGen {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadGen() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: LoadGen JOB_JSON");
            System.exit(2);
        }
        Job job = JSON.readValue(args[0], Job.class);
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(job.deadlineMillis() + (job.kind() == Job.Kind.IDLE ? TimeUnit.MINUTES.toMillis(30) : 0));
                System.err.println("load generator past its deadline; stopping");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Result result;
        try (Generator generator = new Generator(job)) {
            result = generator.run();
        }
        watchdog.interrupt();
        System.out.println("RESULT " + JSON.writeValueAsString(result));
        System.out.flush();
        System.exit(0);
    }
}
