package dev.fuzzprof.parse.afl;

import java.util.List;

/**
 * What an afl-fuzz command line says about its instance.
 *
 * @param name the -M/-S name, {@code default} when neither is given
 * @param outDir the {@code -o} directory as written (maybe relative), or null
 * @param inputDir the {@code -i} directory as written, or null ({@code -} for a resume)
 * @param boundCpu the {@code -b} CPU, or null
 * @param target the target's command after {@code --} (or after the options), maybe empty
 */
public record AflArgs(String name, Role role, String outDir, String inputDir, Integer boundCpu,
    List<String> target) {

  public AflArgs {
    target = List.copyOf(target);
  }
}
