#pragma once
// Starts `keybench serve` (KEYBENCH_CLI) as a child process and stops it with SIGTERM, for the
// tests and benchmarks of the simulator server.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "tests/test_paths.h"

namespace kb::test {

// A `keybench serve` child process; its first stdout line says where it listens.
class ServerProcess {
 public:
  explicit ServerProcess(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<std::string> all = {KEYBENCH_CLI, "serve"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(KEYBENCH_CLI, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    // Blocks until the server printed its line or exited.
    std::string line;
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    const std::string marker = "listening on ";
    size_t at = line.find(marker);
    if (at != std::string::npos) {
      where_ = line.substr(at + marker.size());
      where_ = where_.substr(0, where_.find(' '));
    }
  }
  ~ServerProcess() {
    if (pid_ > 0 && !exited_) stop();
  }
  // "unix:PATH" or "tcp:HOST:PORT"; empty when the server did not start.
  const std::string& where() const { return where_; }
  // SIGTERM, then the exit code.
  int stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  bool alive() const { return ::kill(pid_, 0) == 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
  std::string where_;
};

}  // namespace kb::test
