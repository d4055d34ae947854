package android.content.pm;

import java.util.HashMap;
import java.util.Map;
import mamtest.Events;

/** Fake PackageManager: getApplicationInfo answers from `installed`, recording the flags asked for. */
public class PackageManager {
  public static final int GET_META_DATA = 0x80;
  public final Map<String, ApplicationInfo> installed = new HashMap<>();

  public static class NameNotFoundException extends Exception {
    public NameNotFoundException(String name) { super(name); }
  }

  public ApplicationInfo getApplicationInfo(String packageName, int flags) throws NameNotFoundException {
    Events.log("getApplicationInfo " + packageName + " flags=" + flags);
    ApplicationInfo ai = installed.get(packageName);
    if (ai == null) throw new NameNotFoundException(packageName);
    return ai;
  }
}
