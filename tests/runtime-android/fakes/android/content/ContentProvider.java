package android.content;

import android.database.Cursor;
import android.net.Uri;

/** Fake ContentProvider: the test attaches the context, as ActivityThread.installProvider does. */
public abstract class ContentProvider {
  private Context context;
  public final void attachContextForTest(Context c) { context = c; }
  public final Context getContext() { return context; }
  public abstract boolean onCreate();
  public abstract Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs, String sortOrder);
  public abstract String getType(Uri uri);
  public abstract Uri insert(Uri uri, ContentValues values);
  public abstract int update(Uri uri, ContentValues values, String selection, String[] selectionArgs);
  public abstract int delete(Uri uri, String selection, String[] selectionArgs);
}
