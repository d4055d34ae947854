package org.json;

import java.util.LinkedHashMap;
import java.util.Map;

/** Fake of the platform's org.json.JSONObject: a small strict parser and the opt/get accessors the shim uses. */
public class JSONObject {
  final Map<String, Object> values = new LinkedHashMap<>();

  public JSONObject() {}

  public JSONObject(String text) {
    Parser p = new Parser(text);
    Object v = p.value();
    p.end();
    if (!(v instanceof JSONObject)) throw new JSONException("not a JSON object");
    values.putAll(((JSONObject) v).values);
  }

  public int getInt(String k) {
    Object v = values.get(k);
    if (!(v instanceof Number)) throw new JSONException("no int " + k);
    return ((Number) v).intValue();
  }
  public boolean optBoolean(String k, boolean d) { Object v = values.get(k); return v instanceof Boolean ? (Boolean) v : d; }
  public String optString(String k) { return optString(k, ""); }
  public String optString(String k, String d) { Object v = values.get(k); return v == null ? d : v.toString(); }
  public JSONObject optJSONObject(String k) { Object v = values.get(k); return v instanceof JSONObject ? (JSONObject) v : null; }
  public JSONArray optJSONArray(String k) { Object v = values.get(k); return v instanceof JSONArray ? (JSONArray) v : null; }

  static final class Parser {
    private final String s;
    private int i;
    Parser(String s) { this.s = s; }

    void end() { ws(); if (i != s.length()) throw new JSONException("trailing text at " + i); }
    private void ws() { while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++; }
    private char peek() { ws(); if (i >= s.length()) throw new JSONException("unexpected end"); return s.charAt(i); }
    private void expect(char c) { if (peek() != c) throw new JSONException("expected " + c + " at " + i); i++; }

    Object value() {
      char c = peek();
      if (c == '{') return object();
      if (c == '[') return array();
      if (c == '"') return string();
      if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
      if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
      if (s.startsWith("null", i)) { i += 4; return null; }
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
      if (start == i) throw new JSONException("unexpected " + c + " at " + i);
      String num = s.substring(start, i);
      return num.matches("-?\\d+") ? (Object) Long.parseLong(num) : (Object) Double.parseDouble(num);
    }
    private JSONObject object() {
      JSONObject o = new JSONObject();
      expect('{');
      if (peek() == '}') { i++; return o; }
      do { String k = string(); expect(':'); o.values.put(k, value()); } while (comma());
      expect('}');
      return o;
    }
    private JSONArray array() {
      JSONArray a = new JSONArray();
      expect('[');
      if (peek() == ']') { i++; return a; }
      do { a.items.add(value()); } while (comma());
      expect(']');
      return a;
    }
    private boolean comma() { if (peek() == ',') { i++; return true; } return false; }
    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        if (i >= s.length()) throw new JSONException("unterminated string");
        char c = s.charAt(i++);
        if (c == '"') return b.toString();
        if (c != '\\') { b.append(c); continue; }
        char e = s.charAt(i++);
        switch (e) {
          case 'n': b.append('\n'); break;
          case 't': b.append('\t'); break;
          case 'r': b.append('\r'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
          default: b.append(e);
        }
      }
    }
  }
}
