package dev.magpie.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A region's allow/deny list of species names. An empty allow list allows every species not denied. Names the
 * species model does not know are kept out of the filter and listed in {@link #problems()}, so a typo is reported
 * instead of silently matching nothing.
 */
public final class SpeciesFilter {

    public static final SpeciesFilter ALLOW_ALL = new SpeciesFilter(Set.of(), Set.of(), List.of());

    private final Set<String> allow;
    private final Set<String> deny;
    private final List<String> problems;

    private SpeciesFilter(Set<String> allow, Set<String> deny, List<String> problems) {
        this.allow = allow;
        this.deny = deny;
        this.problems = problems;
    }

    /**
     * @param region  the region's name, for the problem messages
     * @param known   every species the classifier can answer
     */
    public static SpeciesFilter of(String region, List<String> allow, List<String> deny, Set<String> known) {
        List<String> problems = new ArrayList<>();
        Set<String> a = checked(region, "allow", allow, known, problems);
        Set<String> d = checked(region, "deny", deny, known, problems);
        for (String name : a) {
            if (d.contains(name)) {
                problems.add(region + ".species.deny: " + name + " is also allowed; deny wins");
            }
        }
        return new SpeciesFilter(Set.copyOf(a), Set.copyOf(d), List.copyOf(problems));
    }

    private static Set<String> checked(String region, String key, List<String> names, Set<String> known, List<String> problems) {
        Set<String> out = new TreeSet<>();
        for (String name : names) {
            if (known.contains(name)) {
                out.add(name);
            } else {
                problems.add(region + ".species." + key + ": unknown species '" + name + "'");
            }
        }
        return out;
    }

    public boolean permits(String species) {
        return !deny.contains(species) && (allow.isEmpty() || allow.contains(species));
    }

    public List<String> problems() {
        return problems;
    }
}
