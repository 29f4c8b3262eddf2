{
  "targets": [
    {
      "target_name": "bosun_process",
      "sources": ["bosun_process.c"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    }
  ]
}
