#pragma once
// The sockets of `keybench serve`: one Boost.Asio io_context on one thread, so requests from all
// clients reach the benches one at a time, each whole (a transaction is never interleaved with
// another client's).
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "tools/server/bench_server.h"

namespace kb::tools::server {

struct Listen {
  enum class Kind { kUnix, kTcp };
  Kind kind = Kind::kUnix;
  std::string path;   // unix
  std::string host;   // tcp: a numeric address
  uint16_t port = 0;  // tcp: 0 picks a free port (printed once listening)
};

// "unix:PATH" or "tcp:HOST:PORT". Throws std::invalid_argument.
Listen parse_listen(const std::string& text);

struct LoopOptions {
  size_t max_clients = 16;
  bool allow_remote = false;
  // A client silent (or stopped mid-frame) this long while the server waits for its request is
  // disconnected; zero disables.
  std::chrono::nanoseconds idle_timeout = std::chrono::seconds(60);  // a TCP address that is not loopback
  // Called once listening, with the address as a client would name it ("unix:/tmp/kb.sock",
  // "tcp:127.0.0.1:40123").
  std::function<void(const std::string&)> on_listening;
  // Called on SIGTERM or SIGINT before the loop stops; returns the exit code.
  std::function<int()> on_stop;
};

// Binds (a Unix socket is created 0600; a stale socket file is replaced, a live one or any other
// file refused), serves until SIGTERM/SIGINT, removes the socket file, returns on_stop's code.
// Throws std::runtime_error when it cannot listen.
int serve(BenchServer& server, const Listen& listen, const LoopOptions& options);

}  // namespace kb::tools::server
