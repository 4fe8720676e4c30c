/*
 * The JNI side of dev.provisionersdk.internal.os.JniPosix: each function makes one POSIX call (or
 * retries it on EINTR) and reports a failure as java.io.IOException("<function> failed: errno N"),
 * the same text as the Foreign Function and Memory implementation. Nothing here keeps state.
 *
 * Built by sdk/src/main/native/build.sh for Linux x86-64 and AArch64 into the SDK jar.
 */
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLASS(name) Java_dev_provisionersdk_internal_os_JniPosix_##name

/* Throws IOException("<function> failed: errno <errno>"); the caller returns right after. */
static void fail(JNIEnv *env, const char *function, int error) {
  char message[128];
  snprintf(message, sizeof message, "%s failed: errno %d", function, error);
  jclass type = (*env)->FindClass(env, "java/io/IOException");
  if (type != NULL) {
    (*env)->ThrowNew(env, type, message);
  }
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
  (void)vm;
  (void)reserved;
  return JNI_VERSION_1_8;
}

JNIEXPORT jlong JNICALL CLASS(pid0)(JNIEnv *env, jclass type) {
  (void)env;
  (void)type;
  return (jlong)getpid();
}

JNIEXPORT jintArray JNICALL CLASS(pipe0)(JNIEnv *env, jclass type) {
  (void)type;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    fail(env, "pipe2", errno);
    return NULL;
  }
  jintArray result = (*env)->NewIntArray(env, 2);
  if (result == NULL) {
    close(fds[0]);
    close(fds[1]);
    return NULL;
  }
  jint values[2] = {fds[0], fds[1]};
  (*env)->SetIntArrayRegion(env, result, 0, 2, values);
  return result;
}

JNIEXPORT jint JNICALL CLASS(dup0)(JNIEnv *env, jclass type, jint fd) {
  (void)type;
  int copy;
  do {
    copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  } while (copy < 0 && errno == EINTR);
  if (copy < 0) {
    fail(env, "fcntl(F_DUPFD_CLOEXEC)", errno);
  }
  return copy;
}

JNIEXPORT void JNICALL CLASS(dup20)(JNIEnv *env, jclass type, jint source, jint target) {
  (void)type;
  int result;
  do {
    result = dup2(source, target);
  } while (result < 0 && errno == EINTR);
  if (result < 0) {
    fail(env, "dup2", errno);
  }
}

JNIEXPORT void JNICALL CLASS(close0)(JNIEnv *env, jclass type, jint fd) {
  (void)type;
  /* Linux releases the descriptor even when close reports EINTR: never retry. */
  if (close(fd) != 0 && errno != EINTR) {
    fail(env, "close", errno);
  }
}

JNIEXPORT jint JNICALL CLASS(read0)(JNIEnv *env, jclass type, jint fd, jbyteArray buffer,
                                    jint offset, jint length) {
  (void)type;
  if (length <= 0) {
    return 0;
  }
  void *bytes = malloc((size_t)length);
  if (bytes == NULL) {
    fail(env, "malloc", ENOMEM);
    return -1;
  }
  ssize_t count;
  do {
    count = read(fd, bytes, (size_t)length);
  } while (count < 0 && errno == EINTR);
  if (count < 0) {
    fail(env, "read", errno);
  } else if (count > 0) {
    (*env)->SetByteArrayRegion(env, buffer, offset, (jsize)count, bytes);
  }
  free(bytes);
  return (jint)count;
}

JNIEXPORT void JNICALL CLASS(write0)(JNIEnv *env, jclass type, jint fd, jbyteArray buffer,
                                     jint offset, jint length) {
  (void)type;
  if (length <= 0) {
    return;
  }
  char *bytes = malloc((size_t)length);
  if (bytes == NULL) {
    fail(env, "malloc", ENOMEM);
    return;
  }
  (*env)->GetByteArrayRegion(env, buffer, offset, length, (jbyte *)bytes);
  size_t written = 0;
  while (written < (size_t)length) {
    ssize_t count = write(fd, bytes + written, (size_t)length - written);
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail(env, "write", errno);
      break;
    }
    written += (size_t)count;
  }
  free(bytes);
}

JNIEXPORT jint JNICALL CLASS(poll0)(JNIEnv *env, jclass type, jint fd, jint timeoutMillis) {
  (void)type;
  struct pollfd entry = {.fd = fd, .events = POLLIN, .revents = 0};
  int ready;
  do {
    ready = poll(&entry, 1, timeoutMillis);
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) {
    fail(env, "poll", errno);
    return 0;
  }
  return ready == 0 ? 0 : (jint)(entry.revents & 0xffff);
}

JNIEXPORT jint JNICALL CLASS(available0)(JNIEnv *env, jclass type, jint fd) {
  (void)type;
  int count = 0;
  int result;
  do {
    result = ioctl(fd, FIONREAD, &count);
  } while (result < 0 && errno == EINTR);
  if (result < 0) {
    fail(env, "ioctl(FIONREAD)", errno);
  }
  return count;
}

JNIEXPORT jboolean JNICALL CLASS(kill0)(JNIEnv *env, jclass type, jlong pid, jint signal) {
  (void)type;
  if (kill((pid_t)pid, signal) == 0) {
    return JNI_TRUE;
  }
  if (errno != ESRCH) {
    fail(env, "kill", errno);
  }
  return JNI_FALSE;
}

JNIEXPORT jboolean JNICALL CLASS(reapIfExited0)(JNIEnv *env, jclass type, jlong pid) {
  (void)env;
  (void)type;
  return waitpid((pid_t)pid, NULL, WNOHANG) == (pid_t)pid ? JNI_TRUE : JNI_FALSE;
}
