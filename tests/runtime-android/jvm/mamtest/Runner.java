package mamtest;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every public static void no-argument method of the named case classes once per platform level,
 * each run in a fresh class loader (so the shim's and the fakes' static state starts clean) with the fake
 * Build.VERSION.SDK_INT set to that level, printing "ok <Class.method>@api<level>" or
 * "not ok <Class.method>@api<level>: <failure>". A run also fails when a fake framework member newer
 * than the level was called (mamtest.Api.violations), even if the runtime caught the error.
 * Methods named xposed* also see the stand-in Xposed bridge class.
 * Usage: java -cp <harness> mamtest.Runner <classpath> <xposed-dir> <level,level,...> <Class>...
 */
public final class Runner {
  public static void main(String[] args) throws Exception {
    URL[] base = urls(args[0].split(File.pathSeparator));
    URL[] withXposed = append(base, new File(args[1]).toURI().toURL());
    String[] levels = args[2].split(",");
    int failed = 0;
    for (int c = 3; c < args.length; c++) {
      for (String m : caseNames(base, args[c])) {
        for (String level : levels) {
          failed += runOne(m.startsWith("xposed") ? withXposed : base, args[c], m, Integer.parseInt(level)) ? 0 : 1;
        }
      }
    }
    System.out.println("done failed=" + failed);
  }

  private static URL[] urls(String[] paths) throws Exception {
    URL[] u = new URL[paths.length];
    for (int i = 0; i < paths.length; i++) u[i] = new File(paths[i]).toURI().toURL();
    return u;
  }

  private static URL[] append(URL[] a, URL extra) {
    URL[] u = new URL[a.length + 1];
    System.arraycopy(a, 0, u, 0, a.length);
    u[a.length] = extra;
    return u;
  }

  private static List<String> caseNames(URL[] cp, String cls) throws Exception {
    List<String> names = new ArrayList<>();
    try (URLClassLoader l = new URLClassLoader(cp, ClassLoader.getPlatformClassLoader())) {
      for (Method m : Class.forName(cls, false, l).getDeclaredMethods()) {
        int mod = m.getModifiers();
        if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && m.getParameterCount() == 0 && m.getReturnType() == void.class) names.add(m.getName());
      }
    }
    names.sort(null);
    return names;
  }

  private static boolean runOne(URL[] cp, String cls, String method, int level) {
    String id = cls.substring(cls.lastIndexOf('.') + 1) + "." + method + "@api" + level;
    try (URLClassLoader l = new URLClassLoader(cp, ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(l);
      Class.forName("android.os.Build$VERSION", true, l).getField("SDK_INT").setInt(null, level);
      Class.forName("android.os.Build$VERSION", true, l).getField("SDK").set(null, String.valueOf(level));
      Class.forName(cls, true, l).getMethod(method).invoke(null);
      List<?> violations = (List<?>) Class.forName("mamtest.Api", true, l).getField("violations").get(null);
      if (!violations.isEmpty()) {
        System.out.println("not ok " + id + ": called above its platform level: " + violations);
        return false;
      }
      System.out.println("ok " + id);
      return true;
    } catch (InvocationTargetException e) {
      System.out.println("not ok " + id + ": " + describe(e.getCause()));
      return false;
    } catch (Throwable e) {
      System.out.println("not ok " + id + ": " + describe(e));
      return false;
    }
  }

  private static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(String.valueOf(t));
    StackTraceElement[] st = t.getStackTrace();
    for (int i = 0; i < Math.min(4, st.length); i++) b.append(" @ ").append(st[i]);
    if (t.getCause() != null) b.append(" caused by ").append(t.getCause());
    return b.toString().replace('\n', ' ');
  }
}
