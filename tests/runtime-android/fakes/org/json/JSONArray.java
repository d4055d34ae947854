package org.json;

import java.util.ArrayList;
import java.util.List;

public class JSONArray {
  final List<Object> items = new ArrayList<>();
  public int length() { return items.size(); }
  public JSONObject optJSONObject(int i) {
    Object v = i >= 0 && i < items.size() ? items.get(i) : null;
    return v instanceof JSONObject ? (JSONObject) v : null;
  }
}
