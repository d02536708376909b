#pragma once
// Campaign reports on disk: read with the input checks and strict JSON, written through the one
// atomic writer (simulator/files/atomic_file.h), so a reader finds the previous report or the new
// one, whole.
#include <string>

#include "tools/campaign/campaign_report.h"

namespace kb::tools::campaign {

// Throws ReportError naming the file and the problem (not a file, too big, not JSON, a duplicate
// key, anything report_from_json refuses).
CampaignReport read_report(const std::string& path);

// Writes the report (kShared: 0666 less the umask for a new file, an existing file keeps its mode).
// A fixture name that is not UTF-8 is written with U+FFFD in place of the bad bytes (bench_sha256
// still tells benches apart). SIGINT, SIGTERM, SIGHUP and SIGQUIT wait until the rename is done, so
// an interrupt leaves no temporary; a SIGKILL can, and the next write to the same path removes it
// (the atomic writer removes temporaries whose writer no longer exists). Throws
// kb::sim::files::FileError naming the path and the OS error.
void write_report(const CampaignReport& report, const std::string& path);

// The bytes write_report writes.
std::string report_bytes(const CampaignReport& report);

}  // namespace kb::tools::campaign
