package mamtest;

import java.util.ArrayList;
import java.util.List;

/** What the fakes saw, in order (one list per test case: every case runs in a fresh class loader). */
public final class Events {
  public static final List<String> all = new ArrayList<>();
  public static void log(String e) { all.add(e); }
  public static int count(String prefix) { int n = 0; for (String e : all) if (e.startsWith(prefix)) n++; return n; }
  public static boolean has(String prefix) { return count(prefix) > 0; }
  public static String dump() { return String.join(" | ", all); }
}
