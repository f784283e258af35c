# Warnings are errors for the project's own code (not for third-party headers, which are SYSTEM).
set(KYSO_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Woverloaded-virtual -Wimplicit-fallthrough -Werror)
function(kyso_warnings target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:${KYSO_WARNINGS}>
                                           $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Werror>)
endfunction()
