package dev.gmp.jfr;

import dev.gmp.jdk.CarrierEventWriter;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Registered;

@Registered(false)
@Name("gmp.ProcResize")
@Label("GOMAXPROCS Change")
@Category({"Go Scheduler", "Configuration"})
@Description("GOMAXPROCS (the number of Ps) changed at run time")
public final class ProcResizeEvent extends Event {
    @Label("Old GOMAXPROCS")
    public int oldProcs;

    @Label("New GOMAXPROCS")
    public int newProcs;

    public static void emit(int oldProcs, int newProcs) {
        if (!JfrGate.recording()) {
            return;
        }
        ProcResizeEvent e = new ProcResizeEvent();
        if (e.isEnabled()) {
            e.oldProcs = oldProcs;
            e.newProcs = newProcs;
            CarrierEventWriter.prepareCommit();
            e.commit();
        }
    }
}
