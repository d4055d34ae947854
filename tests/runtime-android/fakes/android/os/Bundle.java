package android.os;

import java.util.HashMap;
import java.util.Map;

public class Bundle {
  private final Map<String, Object> values = new HashMap<>();
  public void putString(String k, String v) { values.put(k, v); }
  public String getString(String k) { Object v = values.get(k); return v instanceof String ? (String) v : null; }
}
