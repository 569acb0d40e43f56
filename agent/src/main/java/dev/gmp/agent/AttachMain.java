package dev.gmp.agent;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Comparator;

/**
 * {@code java -jar gmp-agent.jar <pid> [options]}: loads the agent into a running JVM with the
 * Attach API (its agentmain runs there). Without arguments: usage and the local JVMs. Options are
 * validated here first, so a typo is reported to the user and never reaches the running application.
 */
public final class AttachMain {
    private AttachMain() {}

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage(out);
            out.println();
            listJvms(out);
            return OK;
        }
        long pid;
        try {
            pid = Long.parseLong(args[0]);
        } catch (NumberFormatException e) {
            err.println("gmp: '" + args[0] + "' is not a process id");
            usage(err);
            return USAGE;
        }
        String options = String.join(",", Arrays.asList(args).subList(1, args.length));
        String sent;
        try {
            AgentOptions.parse(options);
            sent = AgentOptions.withAbsolutePaths(options);
        } catch (BadOptionException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        try {
            String agentJar = BootstrapJar.agentJarPath().toString();
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                vm.loadAgent(agentJar, sent);
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            err.println("gmp: cannot attach to JVM " + pid + " (" + e.getMessage() + "); it must be a running "
                    + "Java 25+ JVM of the same user; see java -jar gmp-agent.jar for the local ones");
            return FAILED;
        } catch (AgentLoadException | AgentInitializationException e) {
            err.println("gmp: the agent did not start in JVM " + pid + " (" + e.getMessage() + "); see that JVM's stderr");
            return FAILED;
        }
        out.println("gmp: attached to JVM " + pid + ": the virtual threads it creates from now on run on gmp");
        return OK;
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: java -jar gmp-agent.jar <pid> [options]
                  Attaches gmp to a running Java 25+ JVM: the virtual threads it creates from then on run on gmp.
                  Options are key=value, separated by commas or spaces:
                    procs=N  dashboard=PORT|off  host=ADDR  control=on|off  jfr=FILE  jfrSettings=gmp|profile|PATH
                    blocking=pkg.Class#method;...  redirect=on|off  schedtrace=MS  log=quiet|info|debug  preempt=on|off
                    trace=DIR
                  To start a JVM with gmp instead: java -javaagent:gmp-agent.jar[=options] -jar app.jar""".stripTrailing());
    }

    private static void listJvms(PrintStream out) {
        String self = Long.toString(ProcessHandle.current().pid());
        var jvms = VirtualMachine.list().stream()
                .filter(jvm -> !jvm.id().equals(self))
                .sorted(Comparator.comparing(VirtualMachineDescriptor::id))
                .toList();
        if (jvms.isEmpty()) {
            out.println("No other local JVMs found.");
            return;
        }
        out.println("Local JVMs:");
        for (VirtualMachineDescriptor jvm : jvms) {
            out.printf("  %-8s %s%n", jvm.id(), jvm.displayName().isBlank() ? "(no main class)" : jvm.displayName());
        }
    }
}
