package android.app;

import android.content.Context;
import android.content.Intent;
import android.os.Bundle;
import android.view.View;
import android.view.Window;
import mamtest.Events;

/** Fake Activity: records its content view, finish/recreate calls and started intents. */
public class Activity extends Context {
  public final String name;
  public final Window window = new Window();
  public View content;
  public boolean finished;
  public int recreated;

  public Activity(String name) { this.name = name; }
  public Window getWindow() { return window; }
  public void setContentView(View v) { content = v; Events.log(name + ".setContentView"); }
  public void finish() { finished = true; Events.log(name + ".finish"); }
  public void recreate() { recreated++; Events.log(name + ".recreate"); }
  public final void runOnUiThread(Runnable r) { r.run(); }
  @Override public void startActivity(Intent i) { Events.log(name + ".startActivity " + i.getAction()); }
  public void startActivity(Intent i, Bundle options) { Events.log(name + ".startActivity+options " + i.getAction()); }
  public void startActivityForResult(Intent i, int requestCode) { Events.log(name + ".startActivityForResult " + i.getAction() + " " + requestCode); }
  public void startActivityForResult(Intent i, int requestCode, Bundle options) { Events.log(name + ".startActivityForResult+options " + i.getAction() + " " + requestCode); }
}
