package mamtest;

import java.util.Arrays;
import java.util.Objects;

/** Assertions for the JVM-hosted shim tests. */
public final class Check {
  public interface Action { void run() throws Exception; }

  public static void eq(Object expected, Object actual, String what) {
    boolean same = expected instanceof byte[] && actual instanceof byte[]
        ? Arrays.equals((byte[]) expected, (byte[]) actual)
        : expected instanceof Object[] && actual instanceof Object[]
            ? Arrays.equals((Object[]) expected, (Object[]) actual)
            : Objects.equals(expected, actual);
    if (!same) throw new AssertionError(what + ": expected " + show(expected) + " but found " + show(actual));
  }

  public static void isTrue(boolean cond, String what) { if (!cond) throw new AssertionError(what + " [events: " + Events.dump() + "]"); }

  public static <T extends Throwable> T fails(Class<T> type, Action a, String what) {
    try {
      a.run();
    } catch (Throwable t) {
      if (type.isInstance(t)) return type.cast(t);
      throw new AssertionError(what + ": expected " + type.getName() + " but got " + t, t);
    }
    throw new AssertionError(what + ": expected " + type.getName() + " but nothing was thrown");
  }

  private static String show(Object o) {
    if (o instanceof byte[]) return Arrays.toString((byte[]) o);
    if (o instanceof Object[]) return Arrays.toString((Object[]) o);
    return String.valueOf(o);
  }
}
