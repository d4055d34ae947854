package android.content.res;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

public class AssetManager {
  public final Map<String, byte[]> files = new HashMap<>();
  public InputStream open(String name) throws FileNotFoundException {
    byte[] b = files.get(name);
    if (b == null) throw new FileNotFoundException(name);
    return new ByteArrayInputStream(b);
  }
}
