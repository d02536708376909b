#pragma once
#include <string>
#include <string_view>

#include "hal/console.h"

namespace kb::hal::host {

// The terminal of a host run: stdout, keys from stdin.
class StdioConsole final : public Console {
 public:
  void write(std::string_view text) override;
  int read_key() override;  // -1 at end of input
};

// Keeps everything written, for tests, --json transcripts and benchmarks. Keys come from a script;
// with none left read_key() answers -1 as a closed stdin would.
class CaptureConsole final : public Console {
 public:
  explicit CaptureConsole(std::string keys = {}, bool keep = true) : keys_(std::move(keys)), keep_(keep) {}
  void write(std::string_view text) override {
    if (keep_) text_.append(text);
  }
  int read_key() override;
  const std::string& text() const { return text_; }
  void clear() { text_.clear(); }

 private:
  std::string keys_;
  size_t next_key_ = 0;
  bool keep_;
  std::string text_;
};

// Echoes to another console while capturing, so a CLI run can both show and record its output.
class TeeConsole final : public Console {
 public:
  TeeConsole(Console& a, Console& b) : a_(a), b_(b) {}
  void write(std::string_view text) override {
    a_.write(text);
    b_.write(text);
  }
  int read_key() override { return a_.read_key(); }

 private:
  Console& a_;
  Console& b_;
};

}  // namespace kb::hal::host
