package android.content;

import android.content.pm.ApplicationInfo;
import android.content.pm.PackageManager;
import android.content.res.AssetManager;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import mamtest.Api;
import mamtest.Events;

/** Fake Context: scripted answers in public fields. */
public class Context {
  public Context applicationContext;
  public AssetManager assets = new AssetManager();
  public PackageManager packageManager = new PackageManager();
  public String packageName = "com.example.app";
  public ApplicationInfo applicationInfo = new ApplicationInfo();
  public File externalFilesDir;
  public final Map<String, Object> services = new HashMap<>();

  public Context getApplicationContext() { return applicationContext; }
  public AssetManager getAssets() { return assets; }
  public PackageManager getPackageManager() { return packageManager; }
  public String getPackageName() { return packageName; }
  public ApplicationInfo getApplicationInfo() { return applicationInfo; }
  public File getExternalFilesDir(String type) { return externalFilesDir; }
  public File getNoBackupFilesDir() {
    Api.method(21, "Context.getNoBackupFilesDir");
    File d = new File(getApplicationInfo().dataDir, "no_backup");
    d.mkdirs();
    return d;
  }
  public Object getSystemService(String name) { return services.get(name); }
  /** Registered receivers with their filters' first action, for the test to dispatch to. */
  public final Map<BroadcastReceiver, String> receivers = new java.util.LinkedHashMap<>();
  public Intent registerReceiver(BroadcastReceiver receiver, IntentFilter filter) { receivers.put(receiver, filter.getAction(0)); return null; }
  public void startActivity(Intent intent) { Events.log("startActivity " + intent.getAction()); }
}
