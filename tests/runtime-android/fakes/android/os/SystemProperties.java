package android.os;

import java.util.HashMap;
import java.util.Map;

/** Fake of the hidden android.os.SystemProperties (the shim reaches it by reflection). */
public class SystemProperties {
  public static final Map<String, String> values = new HashMap<>();
  public static String get(String key) { return values.getOrDefault(key, ""); }
}
