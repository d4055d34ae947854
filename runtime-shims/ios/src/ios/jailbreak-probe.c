/* Jailbreak probes (the signals and their meaning are in core/mam-decide.h): known files, a write
 * outside the sandbox, fork(), injected images, injection environment variables. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "runtime.h"

static int probe_files(void) {
  for (int i = 0; mam_jailbreak_paths[i]; i++)
    if (access(mam_jailbreak_paths[i], F_OK) == 0) return MAM_SIGNAL_JAILBREAK_FILE;
  return 0;
}

static int probe_sandbox_write(void) {
  int fd = open(mam_sandbox_probe_path, O_WRONLY | O_CREAT | O_EXCL, 0644);
  if (fd < 0) return 0;
  close(fd);
  unlink(mam_sandbox_probe_path);
  return MAM_SIGNAL_SANDBOX_WRITE;
}

static int probe_fork(void) {
  int pid = fork();
  if (pid == 0) _exit(0);
  if (pid < 0) return 0;
  int status;
  waitpid(pid, &status, 0);
  return MAM_SIGNAL_FORK;
}

static int probe_images(void) {
  int signals = 0;
  uint32_t n = _dyld_image_count();
  for (uint32_t i = 0; i < n; i++) signals |= mam_classify_image(_dyld_get_image_name(i));
  return signals;
}

int mam_probe_jailbreak(void) {
  return probe_files() | probe_sandbox_write() | probe_fork() | probe_images() |
         mam_classify_environment("DYLD_INSERT_LIBRARIES", getenv("DYLD_INSERT_LIBRARIES")) |
         mam_classify_environment("_MSSafeMode", getenv("_MSSafeMode"));
}
