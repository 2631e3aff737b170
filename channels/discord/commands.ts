import {
  InteractionContextType,
  type RESTPutAPIApplicationCommandsJSONBody,
  SlashCommandBuilder,
} from 'discord.js';

export const COMMAND = 'megilance';

/** Subcommands that stand for a fixed question to the copilot, by role where the natural question differs. */
export const PRESETS: Record<string, { client: string; freelancer: string }> = {
  projects: { client: 'Show my projects', freelancer: 'Find open projects that fit my skills' },
  proposals: { client: 'Show the proposals on my projects', freelancer: 'Show my proposals' },
  contracts: { client: 'Show my active contracts', freelancer: 'Show my active contracts' },
};

/** `/megilance …`, registered globally at start (a bulk overwrite, so removed subcommands disappear too). */
export function commandDefinitions(): RESTPutAPIApplicationCommandsJSONBody {
  const cmd = new SlashCommandBuilder()
    .setName(COMMAND)
    .setDescription('Your MegiLance copilot')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addSubcommand((s) =>
      s
        .setName('ask')
        .setDescription('Ask your copilot anything (only you see the answer)')
        .addStringOption((o) =>
          o.setName('text').setDescription('Your question').setRequired(true).setMaxLength(2000),
        ),
    )
    .addSubcommand((s) =>
      s.setName('projects').setDescription('Your projects, or open projects that fit you'),
    )
    .addSubcommand((s) => s.setName('proposals').setDescription('Proposals you sent or received'))
    .addSubcommand((s) => s.setName('contracts').setDescription('Your active contracts'))
    .addSubcommand((s) =>
      s
        .setName('link')
        .setDescription('Link your Discord account with a code from MegiLance')
        .addStringOption((o) =>
          o
            .setName('code')
            .setDescription('The code from issue_link_code')
            .setRequired(true)
            .setMaxLength(40),
        ),
    )
    .addSubcommand((s) => s.setName('help').setDescription('What this bot does'));
  return [cmd.toJSON()];
}
