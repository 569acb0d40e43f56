package dev.gmp.jdktests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** jtreg's @requires, decided for a product JDK on Linux with continuations; anything else is not guessed. */
class RequirementsTest {
    private final Requirements here = new Requirements(Map.of(
            "vm.continuations", "true", "vm.debug", "false", "os.family", "linux", "vm.opt.LockingMode", "2"));

    @Test
    void conjunctionsOfKnownPropertiesAreDecided() {
        assertEquals(Optional.empty(), here.unmet(List.of("vm.continuations & vm.debug != true")));
        assertEquals(Optional.empty(), here.unmet(List.of("os.family == \"linux\"", "vm.opt.LockingMode != 1")));
        assertEquals(Optional.of("needs vm.debug == true"), here.unmet(List.of("vm.continuations & vm.debug == true")));
        assertEquals(Optional.of("needs !vm.continuations"), here.unmet(List.of("!vm.continuations")));
        assertEquals(Optional.of("needs os.family == \"windows\""), here.unmet(List.of("os.family == \"windows\"")));
    }

    @Test
    void disjunctionsNegationsAndGroupsAreDecidedWhereTheKnownPartsDecide() {
        assertEquals(Optional.empty(), here.unmet(List.of("vm.debug | vm.continuations")));
        assertEquals(Optional.empty(), here.unmet(List.of("!vm.debug | vm.gc != \"Z\"")),
                "true on a product build whatever the collector");
        assertEquals(Optional.empty(), here.unmet(List.of("(vm.debug | os.family == \"linux\") & !(vm.opt.LockingMode == 1)")));
        assertEquals(Optional.of("needs vm.debug | !vm.continuations"), here.unmet(List.of("vm.debug | !vm.continuations")));
        assertEquals(Optional.of("needs !(vm.continuations & os.family == \"linux\")"),
                here.unmet(List.of("vm.continuations & !(vm.continuations & os.family == \"linux\")")));
    }

    @Test
    void whatCannotBeDecidedHereIsSkippedNotGuessed() {
        assertEquals(Optional.of("not decided: @requires vm.gc.Shenandoah"), here.unmet(List.of("vm.gc.Shenandoah")));
        assertEquals(Optional.of("not decided: @requires vm.gc.Shenandoah | vm.debug"),
                here.unmet(List.of("vm.gc.Shenandoah | vm.debug")));
        assertEquals(Optional.of("not decided: @requires vm.cpu.features ~= \".*sse.*\""),
                here.unmet(List.of("vm.continuations & vm.cpu.features ~= \".*sse.*\"")));
    }
}
