package de.robv.android.xposed;

/** Stand-in for Xposed's bridge class: loadable, and a frame on the stack of whatever it calls. */
public final class XposedBridge {
  public static void callThrough(Runnable r) { r.run(); }
}
