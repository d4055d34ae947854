package mamtest;

import android.os.Build;
import java.util.ArrayList;
import java.util.List;

/**
 * Platform levels for the fakes: a framework member newer than the scripted Build.VERSION.SDK_INT fails as
 * it does on a device (NoSuchMethodError, NoClassDefFoundError). Each failure is also recorded, so a case
 * fails even when the runtime catches the error (the Runner checks `violations` after every case).
 */
public final class Api {
  public static final List<String> violations = new ArrayList<>();

  public static void method(int since, String member) {
    if (Build.VERSION.SDK_INT < since) throw record(new NoSuchMethodError(message(since, member)));
  }

  public static void type(int since, String className) {
    if (Build.VERSION.SDK_INT < since) throw record(new NoClassDefFoundError(message(since, className)));
  }

  private static String message(int since, String what) { return what + " is API " + since + ", the device is API " + Build.VERSION.SDK_INT; }

  private static <T extends Error> T record(T e) {
    violations.add(e.getMessage());
    return e;
  }
}
