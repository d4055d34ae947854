package android.content;

import java.util.ArrayList;
import java.util.List;

/** Fake IntentFilter (API 1): the actions only. */
public class IntentFilter {
  private final List<String> actions = new ArrayList<>();

  public IntentFilter(String action) { actions.add(action); }
  public String getAction(int index) { return actions.get(index); }
}
