package android.widget;

import android.content.Context;
import mamtest.Events;

public class Toast {
  private final CharSequence text;
  private Toast(CharSequence text) { this.text = text; }
  public static Toast makeText(Context c, CharSequence text, int duration) { return new Toast(text); }
  public void show() { Events.log("toast " + text); }
}
