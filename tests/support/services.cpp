#include "support/services.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace kyso::test {

namespace {

constexpr const char* kPython = "/usr/bin/python3";
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(5);
constexpr auto kPoll = std::chrono::milliseconds(20);

// Waits up to TIMEOUT for PID to exit; true once reaped.
bool reap(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD)) return true;
        if (r < 0 && errno != EINTR) return true;  // nothing left to wait for
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(kPoll);
    }
}

}  // namespace

ServerProcess::ServerProcess(const std::string& script, const std::vector<std::string>& args, const fs::path& dir)
    : m_script("testdata/" + script), m_log(dir / (fs::path(script).stem().string() + ".log")) {
    const fs::path script_path = fs::path(KYSO_SOURCE_DIR) / "testdata" / script;
    const fs::path port_file = dir / "port";
    if (!fs::exists(script_path)) throw std::runtime_error(script_path.string() + " not found");
    if (::access(kPython, X_OK) != 0) throw std::runtime_error(std::string(kPython) + " not found");
    fs::remove(port_file);

    // Everything the child needs is prepared before fork(): after it, only async-signal-safe calls.
    std::vector<std::string> argv_text = {kPython, script_path.string()};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    argv_text.insert(argv_text.end(), {"--port-file", port_file.string(), "--port", "0"});
    std::vector<char*> argv;
    for (auto& a : argv_text)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int log_fd = ::open(m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd < 0) throw std::runtime_error(m_script + ": cannot create " + m_log.string());
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(log_fd);
        throw std::runtime_error(m_script + ": fork failed: " + std::strerror(errno));
    }
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
        const int null_fd = ::open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
            ::dup2(null_fd, STDIN_FILENO);
            ::dup2(null_fd, STDOUT_FILENO);
        }
        ::dup2(log_fd, STDERR_FILENO);
        ::close_range(3, ~0U, 0);  // nothing else of the test process leaks into the server
        ::execv(kPython, argv.data());
        ::_exit(127);
    }
    ::close(log_fd);
    m_pid = pid;

    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    for (;;) {
        {
            std::ifstream in(port_file);  // written atomically (rename) once the server listens
            if (in >> m_port && m_port > 0) break;
        }
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            const std::string how = WIFEXITED(status) ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                                      : "was killed by signal " + std::to_string(WTERMSIG(status));
            throw std::runtime_error(m_script + " " + how + " before listening: " + log());
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            const std::string log_text = log();
            stop();
            throw std::runtime_error(m_script + " did not listen within 10 s: " + log_text);
        }
        std::this_thread::sleep_for(kPoll);
    }
}

ServerProcess::~ServerProcess() {
    stop();
}

void ServerProcess::stop() noexcept {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGTERM);
    if (!reap(m_pid, kStopTimeout)) {
        ::kill(m_pid, SIGKILL);
        reap(m_pid, std::chrono::milliseconds(kStopTimeout));
    }
    m_pid = -1;
}

std::string ServerProcess::log() const {
    try {
        return read_text(m_log);
    } catch (const std::exception&) {
        return {};
    }
}

TsaServer::TsaServer(const fs::path& pki_dir)
    : m_server("tsa_server.py", {"--pki", fs::absolute(pki_dir).string()}, m_dir.path()) {}

std::string TsaServer::url(std::string_view mode) const {
    while (!mode.empty() && mode.front() == '/')
        mode.remove_prefix(1);
    return "http://127.0.0.1:" + std::to_string(port()) + "/" + std::string(mode);
}

}  // namespace kyso::test
