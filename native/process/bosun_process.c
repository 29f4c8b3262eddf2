// The few process-management system calls Node.js does not expose, which the agent's
// supervisor needs (DESIGN decision 4): becoming a child subreaper, so that daemons started
// by ctl scripts stay the agent's descendants instead of escaping to init; and reaping one
// given zombie, so that a dead daemon is not left as a zombie whose pid still answers kill(0).
// waitpid is only ever called for one explicit pid (never -1), so that children which Node's
// child_process owns keep being reaped by libuv.
#include <errno.h>
#include <node_api.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

static napi_value throw_errno(napi_env env, const char *what) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, message);
  return NULL;
}

// setChildSubreaper(): marks this process as a child subreaper (prctl PR_SET_CHILD_SUBREAPER).
static napi_value set_child_subreaper(napi_env env, napi_callback_info info) {
  (void)info;
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) return throw_errno(env, "prctl(PR_SET_CHILD_SUBREAPER)");
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  return undefined;
}

// reap(pid): waitpid(pid, WNOHANG). Returns null while the child runs, the string
// "not-a-child" when pid is not a child of this process, or {code, signal} once reaped.
static napi_value reap(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t pid = 0;
  if (argc < 1 || napi_get_value_int32(env, argv[0], &pid) != napi_ok || pid <= 0) {
    napi_throw_type_error(env, NULL, "reap(pid): pid must be a positive integer");
    return NULL;
  }
  int status = 0;
  pid_t r = waitpid((pid_t)pid, &status, WNOHANG);
  napi_value result;
  if (r == 0) {
    napi_get_null(env, &result);
    return result;
  }
  if (r < 0) {
    if (errno == ECHILD) {
      napi_create_string_utf8(env, "not-a-child", NAPI_AUTO_LENGTH, &result);
      return result;
    }
    return throw_errno(env, "waitpid");
  }
  napi_create_object(env, &result);
  napi_value code, sig;
  if (WIFEXITED(status)) napi_create_int32(env, WEXITSTATUS(status), &code);
  else napi_get_null(env, &code);
  if (WIFSIGNALED(status)) napi_create_int32(env, WTERMSIG(status), &sig);
  else napi_get_null(env, &sig);
  napi_set_named_property(env, result, "code", code);
  napi_set_named_property(env, result, "signal", sig);
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "setChildSubreaper", NAPI_AUTO_LENGTH, set_child_subreaper, NULL, &fn);
  napi_set_named_property(env, exports, "setChildSubreaper", fn);
  napi_create_function(env, "reap", NAPI_AUTO_LENGTH, reap, NULL, &fn);
  napi_set_named_property(env, exports, "reap", fn);
  return exports;
}
