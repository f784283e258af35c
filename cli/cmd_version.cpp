#include "commands.hpp"

#include <kyso/core/version.hpp>

#include <iostream>
#include <sstream>

namespace kyso::cli {

void register_version(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("version", "Print the kyso version and the versions of the libraries it uses");
    cmd->callback([&exit_code] {
        std::cout << "kyso " << kyso::version() << "\n";
        std::istringstream deps(kyso::dependency_versions());
        for (std::string line; std::getline(deps, line);)
            std::cout << "  " << line << "\n";
        exit_code = 0;
    });
}

}  // namespace kyso::cli
