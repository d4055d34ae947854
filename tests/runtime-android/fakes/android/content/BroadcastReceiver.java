package android.content;

/** Fake BroadcastReceiver (API 1). */
public abstract class BroadcastReceiver {
  public abstract void onReceive(Context context, Intent intent);
}
