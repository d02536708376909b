#pragma once
// What a flow printed, and the oracle on it: a failed step is never followed by success.
//
// A line reports a failure when it contains, ignoring case, "fail", "error" or "<err>" (the
// applications' "Failure: ...", " ## STEP ERROR : ...", "... FAILED", the libraries' "The HUK writing
// to: 3 failed ..." and "<err> identity_key: ..."). A line reports success when it contains, ignoring
// case, "success" ("Success!", "Successfully ...", "... SUCCESS") or the word "PASS" in capitals
// (" - STEP : PASS"). Once a failure line was printed, no later line may report success and the run
// must not return ok.
#include <optional>
#include <string>
#include <string_view>

#include "hal/console.h"

namespace kb::tools::campaign {

// Keeps everything the flow writes; campaigns read it for the transcript oracle.
class RecordingConsole final : public hal::Console {
 public:
  void write(std::string_view text) override { text_.append(text); }
  int read_key() override { return -1; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

bool reports_failure(std::string_view line);
bool reports_success(std::string_view line);

// Why the run breaks the rule, or nullopt when it keeps it: "'The HUK writing to: 3 failed with error
// code: -28701' then 'Success!'", or "'Failure: ...' then the run returned ok".
std::optional<std::string> success_after_failure(std::string_view transcript, bool run_ok);

}  // namespace kb::tools::campaign
