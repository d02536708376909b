#pragma once
#include <string>
#include <vector>

namespace kb::tools {

// Each returns the process exit code. args exclude the program and command names.
int run_command(const std::vector<std::string>& args);
int list_command(const std::vector<std::string>& args);
int campaign_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);
int serve_command(const std::vector<std::string>& args);
int trace_command(const std::vector<std::string>& args);
int replay_command(const std::vector<std::string>& args);

}  // namespace kb::tools
