package android.app;

import android.content.Context;
import android.os.Bundle;
import java.util.ArrayList;
import java.util.List;

/** Fake Application: keeps the registered lifecycle callbacks so the test can dispatch to them. */
public class Application extends Context {
  public final List<ActivityLifecycleCallbacks> callbacks = new ArrayList<>();

  public interface ActivityLifecycleCallbacks {
    void onActivityCreated(Activity activity, Bundle savedInstanceState);
    void onActivityStarted(Activity activity);
    void onActivityResumed(Activity activity);
    void onActivityPaused(Activity activity);
    void onActivityStopped(Activity activity);
    void onActivitySaveInstanceState(Activity activity, Bundle outState);
    void onActivityDestroyed(Activity activity);
  }

  public void registerActivityLifecycleCallbacks(ActivityLifecycleCallbacks cb) {
    mamtest.Api.method(14, "Application.registerActivityLifecycleCallbacks");
    callbacks.add(cb);
  }
}
