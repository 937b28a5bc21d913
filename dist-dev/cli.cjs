const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};
var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// node_modules/commander/lib/error.js
var require_error = __commonJS({
  "node_modules/commander/lib/error.js"(exports2) {
    var CommanderError2 = class extends Error {
      /**
       * Constructs the CommanderError class
       * @param {number} exitCode suggested exit code which could be used with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       */
      constructor(exitCode, code, message) {
        super(message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
        this.code = code;
        this.exitCode = exitCode;
        this.nestedError = void 0;
      }
    };
    var InvalidArgumentError2 = class extends CommanderError2 {
      /**
       * Constructs the InvalidArgumentError class
       * @param {string} [message] explanation of why argument is invalid
       */
      constructor(message) {
        super(1, "commander.invalidArgument", message);
        Error.captureStackTrace(this, this.constructor);
        this.name = this.constructor.name;
      }
    };
    exports2.CommanderError = CommanderError2;
    exports2.InvalidArgumentError = InvalidArgumentError2;
  }
});

// node_modules/commander/lib/argument.js
var require_argument = __commonJS({
  "node_modules/commander/lib/argument.js"(exports2) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Argument2 = class {
      /**
       * Initialize a new command argument with the given name and description.
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @param {string} name
       * @param {string} [description]
       */
      constructor(name, description) {
        this.description = description || "";
        this.variadic = false;
        this.parseArg = void 0;
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.argChoices = void 0;
        switch (name[0]) {
          case "<":
            this.required = true;
            this._name = name.slice(1, -1);
            break;
          case "[":
            this.required = false;
            this._name = name.slice(1, -1);
            break;
          default:
            this.required = true;
            this._name = name;
            break;
        }
        if (this._name.endsWith("...")) {
          this.variadic = true;
          this._name = this._name.slice(0, -3);
        }
      }
      /**
       * Return argument name.
       *
       * @return {string}
       */
      name() {
        return this._name;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Argument}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Set the custom handler for processing CLI command arguments into argument values.
       *
       * @param {Function} [fn]
       * @return {Argument}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Only allow argument value to be one of choices.
       *
       * @param {string[]} values
       * @return {Argument}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Make argument required.
       *
       * @returns {Argument}
       */
      argRequired() {
        this.required = true;
        return this;
      }
      /**
       * Make argument optional.
       *
       * @returns {Argument}
       */
      argOptional() {
        this.required = false;
        return this;
      }
    };
    function humanReadableArgName(arg) {
      const nameOutput = arg.name() + (arg.variadic === true ? "..." : "");
      return arg.required ? "<" + nameOutput + ">" : "[" + nameOutput + "]";
    }
    exports2.Argument = Argument2;
    exports2.humanReadableArgName = humanReadableArgName;
  }
});

// node_modules/commander/lib/help.js
var require_help = __commonJS({
  "node_modules/commander/lib/help.js"(exports2) {
    var { humanReadableArgName } = require_argument();
    var Help2 = class {
      constructor() {
        this.helpWidth = void 0;
        this.minWidthToWrap = 40;
        this.sortSubcommands = false;
        this.sortOptions = false;
        this.showGlobalOptions = false;
      }
      /**
       * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
       * and just before calling `formatHelp()`.
       *
       * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
       *
       * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
       */
      prepareContext(contextOptions) {
        this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
      }
      /**
       * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
       *
       * @param {Command} cmd
       * @returns {Command[]}
       */
      visibleCommands(cmd) {
        const visibleCommands = cmd.commands.filter((cmd2) => !cmd2._hidden);
        const helpCommand = cmd._getHelpCommand();
        if (helpCommand && !helpCommand._hidden) {
          visibleCommands.push(helpCommand);
        }
        if (this.sortSubcommands) {
          visibleCommands.sort((a, b) => {
            return a.name().localeCompare(b.name());
          });
        }
        return visibleCommands;
      }
      /**
       * Compare options for sort.
       *
       * @param {Option} a
       * @param {Option} b
       * @returns {number}
       */
      compareOptions(a, b) {
        const getSortKey = (option) => {
          return option.short ? option.short.replace(/^-/, "") : option.long.replace(/^--/, "");
        };
        return getSortKey(a).localeCompare(getSortKey(b));
      }
      /**
       * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleOptions(cmd) {
        const visibleOptions = cmd.options.filter((option) => !option.hidden);
        const helpOption = cmd._getHelpOption();
        if (helpOption && !helpOption.hidden) {
          const removeShort = helpOption.short && cmd._findOption(helpOption.short);
          const removeLong = helpOption.long && cmd._findOption(helpOption.long);
          if (!removeShort && !removeLong) {
            visibleOptions.push(helpOption);
          } else if (helpOption.long && !removeLong) {
            visibleOptions.push(
              cmd.createOption(helpOption.long, helpOption.description)
            );
          } else if (helpOption.short && !removeShort) {
            visibleOptions.push(
              cmd.createOption(helpOption.short, helpOption.description)
            );
          }
        }
        if (this.sortOptions) {
          visibleOptions.sort(this.compareOptions);
        }
        return visibleOptions;
      }
      /**
       * Get an array of the visible global options. (Not including help.)
       *
       * @param {Command} cmd
       * @returns {Option[]}
       */
      visibleGlobalOptions(cmd) {
        if (!this.showGlobalOptions) return [];
        const globalOptions2 = [];
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          const visibleOptions = ancestorCmd.options.filter(
            (option) => !option.hidden
          );
          globalOptions2.push(...visibleOptions);
        }
        if (this.sortOptions) {
          globalOptions2.sort(this.compareOptions);
        }
        return globalOptions2;
      }
      /**
       * Get an array of the arguments if any have a description.
       *
       * @param {Command} cmd
       * @returns {Argument[]}
       */
      visibleArguments(cmd) {
        if (cmd._argsDescription) {
          cmd.registeredArguments.forEach((argument) => {
            argument.description = argument.description || cmd._argsDescription[argument.name()] || "";
          });
        }
        if (cmd.registeredArguments.find((argument) => argument.description)) {
          return cmd.registeredArguments;
        }
        return [];
      }
      /**
       * Get the command term to show in the list of subcommands.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandTerm(cmd) {
        const args = cmd.registeredArguments.map((arg) => humanReadableArgName(arg)).join(" ");
        return cmd._name + (cmd._aliases[0] ? "|" + cmd._aliases[0] : "") + (cmd.options.length ? " [options]" : "") + // simplistic check for non-help option
        (args ? " " + args : "");
      }
      /**
       * Get the option term to show in the list of options.
       *
       * @param {Option} option
       * @returns {string}
       */
      optionTerm(option) {
        return option.flags;
      }
      /**
       * Get the argument term to show in the list of arguments.
       *
       * @param {Argument} argument
       * @returns {string}
       */
      argumentTerm(argument) {
        return argument.name();
      }
      /**
       * Get the longest command term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestSubcommandTermLength(cmd, helper) {
        return helper.visibleCommands(cmd).reduce((max, command) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleSubcommandTerm(helper.subcommandTerm(command))
            )
          );
        }, 0);
      }
      /**
       * Get the longest option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestOptionTermLength(cmd, helper) {
        return helper.visibleOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest global option term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestGlobalOptionTermLength(cmd, helper) {
        return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
          return Math.max(
            max,
            this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option)))
          );
        }, 0);
      }
      /**
       * Get the longest argument term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      longestArgumentTermLength(cmd, helper) {
        return helper.visibleArguments(cmd).reduce((max, argument) => {
          return Math.max(
            max,
            this.displayWidth(
              helper.styleArgumentTerm(helper.argumentTerm(argument))
            )
          );
        }, 0);
      }
      /**
       * Get the command usage to be displayed at the top of the built-in help.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandUsage(cmd) {
        let cmdName = cmd._name;
        if (cmd._aliases[0]) {
          cmdName = cmdName + "|" + cmd._aliases[0];
        }
        let ancestorCmdNames = "";
        for (let ancestorCmd = cmd.parent; ancestorCmd; ancestorCmd = ancestorCmd.parent) {
          ancestorCmdNames = ancestorCmd.name() + " " + ancestorCmdNames;
        }
        return ancestorCmdNames + cmdName + " " + cmd.usage();
      }
      /**
       * Get the description for the command.
       *
       * @param {Command} cmd
       * @returns {string}
       */
      commandDescription(cmd) {
        return cmd.description();
      }
      /**
       * Get the subcommand summary to show in the list of subcommands.
       * (Fallback to description for backwards compatibility.)
       *
       * @param {Command} cmd
       * @returns {string}
       */
      subcommandDescription(cmd) {
        return cmd.summary() || cmd.description();
      }
      /**
       * Get the option description to show in the list of options.
       *
       * @param {Option} option
       * @return {string}
       */
      optionDescription(option) {
        const extraInfo = [];
        if (option.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (option.defaultValue !== void 0) {
          const showDefault = option.required || option.optional || option.isBoolean() && typeof option.defaultValue === "boolean";
          if (showDefault) {
            extraInfo.push(
              `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`
            );
          }
        }
        if (option.presetArg !== void 0 && option.optional) {
          extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
        }
        if (option.envVar !== void 0) {
          extraInfo.push(`env: ${option.envVar}`);
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (option.description) {
            return `${option.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return option.description;
      }
      /**
       * Get the argument description to show in the list of arguments.
       *
       * @param {Argument} argument
       * @return {string}
       */
      argumentDescription(argument) {
        const extraInfo = [];
        if (argument.argChoices) {
          extraInfo.push(
            // use stringify to match the display of the default value
            `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(", ")}`
          );
        }
        if (argument.defaultValue !== void 0) {
          extraInfo.push(
            `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`
          );
        }
        if (extraInfo.length > 0) {
          const extraDescription = `(${extraInfo.join(", ")})`;
          if (argument.description) {
            return `${argument.description} ${extraDescription}`;
          }
          return extraDescription;
        }
        return argument.description;
      }
      /**
       * Format a list of items, given a heading and an array of formatted items.
       *
       * @param {string} heading
       * @param {string[]} items
       * @param {Help} helper
       * @returns string[]
       */
      formatItemList(heading, items, helper) {
        if (items.length === 0) return [];
        return [helper.styleTitle(heading), ...items, ""];
      }
      /**
       * Group items by their help group heading.
       *
       * @param {Command[] | Option[]} unsortedItems
       * @param {Command[] | Option[]} visibleItems
       * @param {Function} getGroup
       * @returns {Map<string, Command[] | Option[]>}
       */
      groupItems(unsortedItems, visibleItems, getGroup) {
        const result = /* @__PURE__ */ new Map();
        unsortedItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) result.set(group, []);
        });
        visibleItems.forEach((item) => {
          const group = getGroup(item);
          if (!result.has(group)) {
            result.set(group, []);
          }
          result.get(group).push(item);
        });
        return result;
      }
      /**
       * Generate the built-in help text.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {string}
       */
      formatHelp(cmd, helper) {
        const termWidth = helper.padWidth(cmd, helper);
        const helpWidth = helper.helpWidth ?? 80;
        function callFormatItem(term, description) {
          return helper.formatItem(term, termWidth, description, helper);
        }
        let output = [
          `${helper.styleTitle("Usage:")} ${helper.styleUsage(helper.commandUsage(cmd))}`,
          ""
        ];
        const commandDescription = helper.commandDescription(cmd);
        if (commandDescription.length > 0) {
          output = output.concat([
            helper.boxWrap(
              helper.styleCommandDescription(commandDescription),
              helpWidth
            ),
            ""
          ]);
        }
        const argumentList = helper.visibleArguments(cmd).map((argument) => {
          return callFormatItem(
            helper.styleArgumentTerm(helper.argumentTerm(argument)),
            helper.styleArgumentDescription(helper.argumentDescription(argument))
          );
        });
        output = output.concat(
          this.formatItemList("Arguments:", argumentList, helper)
        );
        const optionGroups = this.groupItems(
          cmd.options,
          helper.visibleOptions(cmd),
          (option) => option.helpGroupHeading ?? "Options:"
        );
        optionGroups.forEach((options, group) => {
          const optionList = options.map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(this.formatItemList(group, optionList, helper));
        });
        if (helper.showGlobalOptions) {
          const globalOptionList = helper.visibleGlobalOptions(cmd).map((option) => {
            return callFormatItem(
              helper.styleOptionTerm(helper.optionTerm(option)),
              helper.styleOptionDescription(helper.optionDescription(option))
            );
          });
          output = output.concat(
            this.formatItemList("Global Options:", globalOptionList, helper)
          );
        }
        const commandGroups = this.groupItems(
          cmd.commands,
          helper.visibleCommands(cmd),
          (sub) => sub.helpGroup() || "Commands:"
        );
        commandGroups.forEach((commands, group) => {
          const commandList = commands.map((sub) => {
            return callFormatItem(
              helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
              helper.styleSubcommandDescription(helper.subcommandDescription(sub))
            );
          });
          output = output.concat(this.formatItemList(group, commandList, helper));
        });
        return output.join("\n");
      }
      /**
       * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
       *
       * @param {string} str
       * @returns {number}
       */
      displayWidth(str2) {
        return stripColor(str2).length;
      }
      /**
       * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
       *
       * @param {string} str
       * @returns {string}
       */
      styleTitle(str2) {
        return str2;
      }
      styleUsage(str2) {
        return str2.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word === "[command]") return this.styleSubcommandText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleCommandText(word);
        }).join(" ");
      }
      styleCommandDescription(str2) {
        return this.styleDescriptionText(str2);
      }
      styleOptionDescription(str2) {
        return this.styleDescriptionText(str2);
      }
      styleSubcommandDescription(str2) {
        return this.styleDescriptionText(str2);
      }
      styleArgumentDescription(str2) {
        return this.styleDescriptionText(str2);
      }
      styleDescriptionText(str2) {
        return str2;
      }
      styleOptionTerm(str2) {
        return this.styleOptionText(str2);
      }
      styleSubcommandTerm(str2) {
        return str2.split(" ").map((word) => {
          if (word === "[options]") return this.styleOptionText(word);
          if (word[0] === "[" || word[0] === "<")
            return this.styleArgumentText(word);
          return this.styleSubcommandText(word);
        }).join(" ");
      }
      styleArgumentTerm(str2) {
        return this.styleArgumentText(str2);
      }
      styleOptionText(str2) {
        return str2;
      }
      styleArgumentText(str2) {
        return str2;
      }
      styleSubcommandText(str2) {
        return str2;
      }
      styleCommandText(str2) {
        return str2;
      }
      /**
       * Calculate the pad width from the maximum term length.
       *
       * @param {Command} cmd
       * @param {Help} helper
       * @returns {number}
       */
      padWidth(cmd, helper) {
        return Math.max(
          helper.longestOptionTermLength(cmd, helper),
          helper.longestGlobalOptionTermLength(cmd, helper),
          helper.longestSubcommandTermLength(cmd, helper),
          helper.longestArgumentTermLength(cmd, helper)
        );
      }
      /**
       * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
       *
       * @param {string} str
       * @returns {boolean}
       */
      preformatted(str2) {
        return /\n[^\S\r\n]/.test(str2);
      }
      /**
       * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
       *
       * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
       *   TTT  DDD DDDD
       *        DD DDD
       *
       * @param {string} term
       * @param {number} termWidth
       * @param {string} description
       * @param {Help} helper
       * @returns {string}
       */
      formatItem(term, termWidth, description, helper) {
        const itemIndent = 2;
        const itemIndentStr = " ".repeat(itemIndent);
        if (!description) return itemIndentStr + term;
        const paddedTerm = term.padEnd(
          termWidth + term.length - helper.displayWidth(term)
        );
        const spacerWidth = 2;
        const helpWidth = this.helpWidth ?? 80;
        const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
        let formattedDescription;
        if (remainingWidth < this.minWidthToWrap || helper.preformatted(description)) {
          formattedDescription = description;
        } else {
          const wrappedDescription = helper.boxWrap(description, remainingWidth);
          formattedDescription = wrappedDescription.replace(
            /\n/g,
            "\n" + " ".repeat(termWidth + spacerWidth)
          );
        }
        return itemIndentStr + paddedTerm + " ".repeat(spacerWidth) + formattedDescription.replace(/\n/g, `
${itemIndentStr}`);
      }
      /**
       * Wrap a string at whitespace, preserving existing line breaks.
       * Wrapping is skipped if the width is less than `minWidthToWrap`.
       *
       * @param {string} str
       * @param {number} width
       * @returns {string}
       */
      boxWrap(str2, width) {
        if (width < this.minWidthToWrap) return str2;
        const rawLines = str2.split(/\r\n|\n/);
        const chunkPattern = /[\s]*[^\s]+/g;
        const wrappedLines = [];
        rawLines.forEach((line) => {
          const chunks = line.match(chunkPattern);
          if (chunks === null) {
            wrappedLines.push("");
            return;
          }
          let sumChunks = [chunks.shift()];
          let sumWidth = this.displayWidth(sumChunks[0]);
          chunks.forEach((chunk) => {
            const visibleWidth = this.displayWidth(chunk);
            if (sumWidth + visibleWidth <= width) {
              sumChunks.push(chunk);
              sumWidth += visibleWidth;
              return;
            }
            wrappedLines.push(sumChunks.join(""));
            const nextChunk = chunk.trimStart();
            sumChunks = [nextChunk];
            sumWidth = this.displayWidth(nextChunk);
          });
          wrappedLines.push(sumChunks.join(""));
        });
        return wrappedLines.join("\n");
      }
    };
    function stripColor(str2) {
      const sgrPattern = /\x1b\[\d*(;\d*)*m/g;
      return str2.replace(sgrPattern, "");
    }
    exports2.Help = Help2;
    exports2.stripColor = stripColor;
  }
});

// node_modules/commander/lib/option.js
var require_option = __commonJS({
  "node_modules/commander/lib/option.js"(exports2) {
    var { InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var Option2 = class {
      /**
       * Initialize a new `Option` with the given `flags` and `description`.
       *
       * @param {string} flags
       * @param {string} [description]
       */
      constructor(flags, description) {
        this.flags = flags;
        this.description = description || "";
        this.required = flags.includes("<");
        this.optional = flags.includes("[");
        this.variadic = /\w\.\.\.[>\]]$/.test(flags);
        this.mandatory = false;
        const optionFlags = splitOptionFlags(flags);
        this.short = optionFlags.shortFlag;
        this.long = optionFlags.longFlag;
        this.negate = false;
        if (this.long) {
          this.negate = this.long.startsWith("--no-");
        }
        this.defaultValue = void 0;
        this.defaultValueDescription = void 0;
        this.presetArg = void 0;
        this.envVar = void 0;
        this.parseArg = void 0;
        this.hidden = false;
        this.argChoices = void 0;
        this.conflictsWith = [];
        this.implied = void 0;
        this.helpGroupHeading = void 0;
      }
      /**
       * Set the default value, and optionally supply the description to be displayed in the help.
       *
       * @param {*} value
       * @param {string} [description]
       * @return {Option}
       */
      default(value, description) {
        this.defaultValue = value;
        this.defaultValueDescription = description;
        return this;
      }
      /**
       * Preset to use when option used without option-argument, especially optional but also boolean and negated.
       * The custom processing (parseArg) is called.
       *
       * @example
       * new Option('--color').default('GREYSCALE').preset('RGB');
       * new Option('--donate [amount]').preset('20').argParser(parseFloat);
       *
       * @param {*} arg
       * @return {Option}
       */
      preset(arg) {
        this.presetArg = arg;
        return this;
      }
      /**
       * Add option name(s) that conflict with this option.
       * An error will be displayed if conflicting options are found during parsing.
       *
       * @example
       * new Option('--rgb').conflicts('cmyk');
       * new Option('--js').conflicts(['ts', 'jsx']);
       *
       * @param {(string | string[])} names
       * @return {Option}
       */
      conflicts(names) {
        this.conflictsWith = this.conflictsWith.concat(names);
        return this;
      }
      /**
       * Specify implied option values for when this option is set and the implied options are not.
       *
       * The custom processing (parseArg) is not called on the implied values.
       *
       * @example
       * program
       *   .addOption(new Option('--log', 'write logging information to file'))
       *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
       *
       * @param {object} impliedOptionValues
       * @return {Option}
       */
      implies(impliedOptionValues) {
        let newImplied = impliedOptionValues;
        if (typeof impliedOptionValues === "string") {
          newImplied = { [impliedOptionValues]: true };
        }
        this.implied = Object.assign(this.implied || {}, newImplied);
        return this;
      }
      /**
       * Set environment variable to check for option value.
       *
       * An environment variable is only used if when processed the current option value is
       * undefined, or the source of the current value is 'default' or 'config' or 'env'.
       *
       * @param {string} name
       * @return {Option}
       */
      env(name) {
        this.envVar = name;
        return this;
      }
      /**
       * Set the custom handler for processing CLI option arguments into option values.
       *
       * @param {Function} [fn]
       * @return {Option}
       */
      argParser(fn) {
        this.parseArg = fn;
        return this;
      }
      /**
       * Whether the option is mandatory and must have a value after parsing.
       *
       * @param {boolean} [mandatory=true]
       * @return {Option}
       */
      makeOptionMandatory(mandatory = true) {
        this.mandatory = !!mandatory;
        return this;
      }
      /**
       * Hide option in help.
       *
       * @param {boolean} [hide=true]
       * @return {Option}
       */
      hideHelp(hide = true) {
        this.hidden = !!hide;
        return this;
      }
      /**
       * @package
       */
      _collectValue(value, previous) {
        if (previous === this.defaultValue || !Array.isArray(previous)) {
          return [value];
        }
        previous.push(value);
        return previous;
      }
      /**
       * Only allow option value to be one of choices.
       *
       * @param {string[]} values
       * @return {Option}
       */
      choices(values) {
        this.argChoices = values.slice();
        this.parseArg = (arg, previous) => {
          if (!this.argChoices.includes(arg)) {
            throw new InvalidArgumentError2(
              `Allowed choices are ${this.argChoices.join(", ")}.`
            );
          }
          if (this.variadic) {
            return this._collectValue(arg, previous);
          }
          return arg;
        };
        return this;
      }
      /**
       * Return option name.
       *
       * @return {string}
       */
      name() {
        if (this.long) {
          return this.long.replace(/^--/, "");
        }
        return this.short.replace(/^-/, "");
      }
      /**
       * Return option name, in a camelcase format that can be used
       * as an object attribute key.
       *
       * @return {string}
       */
      attributeName() {
        if (this.negate) {
          return camelcase(this.name().replace(/^no-/, ""));
        }
        return camelcase(this.name());
      }
      /**
       * Set the help group heading.
       *
       * @param {string} heading
       * @return {Option}
       */
      helpGroup(heading) {
        this.helpGroupHeading = heading;
        return this;
      }
      /**
       * Check if `arg` matches the short or long flag.
       *
       * @param {string} arg
       * @return {boolean}
       * @package
       */
      is(arg) {
        return this.short === arg || this.long === arg;
      }
      /**
       * Return whether a boolean option.
       *
       * Options are one of boolean, negated, required argument, or optional argument.
       *
       * @return {boolean}
       * @package
       */
      isBoolean() {
        return !this.required && !this.optional && !this.negate;
      }
    };
    var DualOptions = class {
      /**
       * @param {Option[]} options
       */
      constructor(options) {
        this.positiveOptions = /* @__PURE__ */ new Map();
        this.negativeOptions = /* @__PURE__ */ new Map();
        this.dualOptions = /* @__PURE__ */ new Set();
        options.forEach((option) => {
          if (option.negate) {
            this.negativeOptions.set(option.attributeName(), option);
          } else {
            this.positiveOptions.set(option.attributeName(), option);
          }
        });
        this.negativeOptions.forEach((value, key) => {
          if (this.positiveOptions.has(key)) {
            this.dualOptions.add(key);
          }
        });
      }
      /**
       * Did the value come from the option, and not from possible matching dual option?
       *
       * @param {*} value
       * @param {Option} option
       * @returns {boolean}
       */
      valueFromOption(value, option) {
        const optionKey = option.attributeName();
        if (!this.dualOptions.has(optionKey)) return true;
        const preset = this.negativeOptions.get(optionKey).presetArg;
        const negativeValue = preset !== void 0 ? preset : false;
        return option.negate === (negativeValue === value);
      }
    };
    function camelcase(str2) {
      return str2.split("-").reduce((str3, word) => {
        return str3 + word[0].toUpperCase() + word.slice(1);
      });
    }
    function splitOptionFlags(flags) {
      let shortFlag;
      let longFlag;
      const shortFlagExp = /^-[^-]$/;
      const longFlagExp = /^--[^-]/;
      const flagParts = flags.split(/[ |,]+/).concat("guard");
      if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
      if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
      if (!shortFlag && shortFlagExp.test(flagParts[0]))
        shortFlag = flagParts.shift();
      if (!shortFlag && longFlagExp.test(flagParts[0])) {
        shortFlag = longFlag;
        longFlag = flagParts.shift();
      }
      if (flagParts[0].startsWith("-")) {
        const unsupportedFlag = flagParts[0];
        const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
        if (/^-[^-][^-]/.test(unsupportedFlag))
          throw new Error(
            `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`
          );
        if (shortFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many short flags`);
        if (longFlagExp.test(unsupportedFlag))
          throw new Error(`${baseError}
- too many long flags`);
        throw new Error(`${baseError}
- unrecognised flag format`);
      }
      if (shortFlag === void 0 && longFlag === void 0)
        throw new Error(
          `option creation failed due to no flags found in '${flags}'.`
        );
      return { shortFlag, longFlag };
    }
    exports2.Option = Option2;
    exports2.DualOptions = DualOptions;
  }
});

// node_modules/commander/lib/suggestSimilar.js
var require_suggestSimilar = __commonJS({
  "node_modules/commander/lib/suggestSimilar.js"(exports2) {
    var maxDistance = 3;
    function editDistance2(a, b) {
      if (Math.abs(a.length - b.length) > maxDistance)
        return Math.max(a.length, b.length);
      const d = [];
      for (let i = 0; i <= a.length; i++) {
        d[i] = [i];
      }
      for (let j = 0; j <= b.length; j++) {
        d[0][j] = j;
      }
      for (let j = 1; j <= b.length; j++) {
        for (let i = 1; i <= a.length; i++) {
          let cost = 1;
          if (a[i - 1] === b[j - 1]) {
            cost = 0;
          } else {
            cost = 1;
          }
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            // deletion
            d[i][j - 1] + 1,
            // insertion
            d[i - 1][j - 1] + cost
            // substitution
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
          }
        }
      }
      return d[a.length][b.length];
    }
    function suggestSimilar(word, candidates) {
      if (!candidates || candidates.length === 0) return "";
      candidates = Array.from(new Set(candidates));
      const searchingOptions = word.startsWith("--");
      if (searchingOptions) {
        word = word.slice(2);
        candidates = candidates.map((candidate) => candidate.slice(2));
      }
      let similar = [];
      let bestDistance = maxDistance;
      const minSimilarity = 0.4;
      candidates.forEach((candidate) => {
        if (candidate.length <= 1) return;
        const distance = editDistance2(word, candidate);
        const length = Math.max(word.length, candidate.length);
        const similarity = (length - distance) / length;
        if (similarity > minSimilarity) {
          if (distance < bestDistance) {
            bestDistance = distance;
            similar = [candidate];
          } else if (distance === bestDistance) {
            similar.push(candidate);
          }
        }
      });
      similar.sort((a, b) => a.localeCompare(b));
      if (searchingOptions) {
        similar = similar.map((candidate) => `--${candidate}`);
      }
      if (similar.length > 1) {
        return `
(Did you mean one of ${similar.join(", ")}?)`;
      }
      if (similar.length === 1) {
        return `
(Did you mean ${similar[0]}?)`;
      }
      return "";
    }
    exports2.suggestSimilar = suggestSimilar;
  }
});

// node_modules/commander/lib/command.js
var require_command = __commonJS({
  "node_modules/commander/lib/command.js"(exports2) {
    var EventEmitter = require("node:events").EventEmitter;
    var childProcess = require("node:child_process");
    var path = require("node:path");
    var fs = require("node:fs");
    var process3 = require("node:process");
    var { Argument: Argument2, humanReadableArgName } = require_argument();
    var { CommanderError: CommanderError2 } = require_error();
    var { Help: Help2, stripColor } = require_help();
    var { Option: Option2, DualOptions } = require_option();
    var { suggestSimilar } = require_suggestSimilar();
    var Command2 = class _Command extends EventEmitter {
      /**
       * Initialize a new `Command`.
       *
       * @param {string} [name]
       */
      constructor(name) {
        super();
        this.commands = [];
        this.options = [];
        this.parent = null;
        this._allowUnknownOption = false;
        this._allowExcessArguments = false;
        this.registeredArguments = [];
        this._args = this.registeredArguments;
        this.args = [];
        this.rawArgs = [];
        this.processedArgs = [];
        this._scriptPath = null;
        this._name = name || "";
        this._optionValues = {};
        this._optionValueSources = {};
        this._storeOptionsAsProperties = false;
        this._actionHandler = null;
        this._executableHandler = false;
        this._executableFile = null;
        this._executableDir = null;
        this._defaultCommandName = null;
        this._exitCallback = null;
        this._aliases = [];
        this._combineFlagAndOptionalValue = true;
        this._description = "";
        this._summary = "";
        this._argsDescription = void 0;
        this._enablePositionalOptions = false;
        this._passThroughOptions = false;
        this._lifeCycleHooks = {};
        this._showHelpAfterError = false;
        this._showSuggestionAfterError = true;
        this._savedState = null;
        this._outputConfiguration = {
          writeOut: (str2) => process3.stdout.write(str2),
          writeErr: (str2) => process3.stderr.write(str2),
          outputError: (str2, write) => write(str2),
          getOutHelpWidth: () => process3.stdout.isTTY ? process3.stdout.columns : void 0,
          getErrHelpWidth: () => process3.stderr.isTTY ? process3.stderr.columns : void 0,
          getOutHasColors: () => useColor() ?? (process3.stdout.isTTY && process3.stdout.hasColors?.()),
          getErrHasColors: () => useColor() ?? (process3.stderr.isTTY && process3.stderr.hasColors?.()),
          stripColor: (str2) => stripColor(str2)
        };
        this._hidden = false;
        this._helpOption = void 0;
        this._addImplicitHelpCommand = void 0;
        this._helpCommand = void 0;
        this._helpConfiguration = {};
        this._helpGroupHeading = void 0;
        this._defaultCommandGroup = void 0;
        this._defaultOptionGroup = void 0;
      }
      /**
       * Copy settings that are useful to have in common across root command and subcommands.
       *
       * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
       *
       * @param {Command} sourceCommand
       * @return {Command} `this` command for chaining
       */
      copyInheritedSettings(sourceCommand) {
        this._outputConfiguration = sourceCommand._outputConfiguration;
        this._helpOption = sourceCommand._helpOption;
        this._helpCommand = sourceCommand._helpCommand;
        this._helpConfiguration = sourceCommand._helpConfiguration;
        this._exitCallback = sourceCommand._exitCallback;
        this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
        this._combineFlagAndOptionalValue = sourceCommand._combineFlagAndOptionalValue;
        this._allowExcessArguments = sourceCommand._allowExcessArguments;
        this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
        this._showHelpAfterError = sourceCommand._showHelpAfterError;
        this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;
        return this;
      }
      /**
       * @returns {Command[]}
       * @private
       */
      _getCommandAndAncestors() {
        const result = [];
        for (let command = this; command; command = command.parent) {
          result.push(command);
        }
        return result;
      }
      /**
       * Define a command.
       *
       * There are two styles of command: pay attention to where to put the description.
       *
       * @example
       * // Command implemented using action handler (description is supplied separately to `.command`)
       * program
       *   .command('clone <source> [destination]')
       *   .description('clone a repository into a newly created directory')
       *   .action((source, destination) => {
       *     console.log('clone command called');
       *   });
       *
       * // Command implemented using separate executable file (description is second parameter to `.command`)
       * program
       *   .command('start <service>', 'start named service')
       *   .command('stop [service]', 'stop named service, or all if no name supplied');
       *
       * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
       * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
       * @param {object} [execOpts] - configuration options (for executable)
       * @return {Command} returns new command for action handler, or `this` for executable command
       */
      command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
        let desc = actionOptsOrExecDesc;
        let opts = execOpts;
        if (typeof desc === "object" && desc !== null) {
          opts = desc;
          desc = null;
        }
        opts = opts || {};
        const [, name, args] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const cmd = this.createCommand(name);
        if (desc) {
          cmd.description(desc);
          cmd._executableHandler = true;
        }
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        cmd._hidden = !!(opts.noHelp || opts.hidden);
        cmd._executableFile = opts.executableFile || null;
        if (args) cmd.arguments(args);
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd.copyInheritedSettings(this);
        if (desc) return this;
        return cmd;
      }
      /**
       * Factory routine to create a new unattached command.
       *
       * See .command() for creating an attached subcommand, which uses this routine to
       * create the command. You can override createCommand to customise subcommands.
       *
       * @param {string} [name]
       * @return {Command} new command
       */
      createCommand(name) {
        return new _Command(name);
      }
      /**
       * You can customise the help with a subclass of Help by overriding createHelp,
       * or by overriding Help properties using configureHelp().
       *
       * @return {Help}
       */
      createHelp() {
        return Object.assign(new Help2(), this.configureHelp());
      }
      /**
       * You can customise the help by overriding Help properties using configureHelp(),
       * or with a subclass of Help by overriding createHelp().
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureHelp(configuration) {
        if (configuration === void 0) return this._helpConfiguration;
        this._helpConfiguration = configuration;
        return this;
      }
      /**
       * The default output goes to stdout and stderr. You can customise this for special
       * applications. You can also customise the display of errors by overriding outputError.
       *
       * The configuration properties are all functions:
       *
       *     // change how output being written, defaults to stdout and stderr
       *     writeOut(str)
       *     writeErr(str)
       *     // change how output being written for errors, defaults to writeErr
       *     outputError(str, write) // used for displaying errors and not used for displaying help
       *     // specify width for wrapping help
       *     getOutHelpWidth()
       *     getErrHelpWidth()
       *     // color support, currently only used with Help
       *     getOutHasColors()
       *     getErrHasColors()
       *     stripColor() // used to remove ANSI escape codes if output does not have colors
       *
       * @param {object} [configuration] - configuration options
       * @return {(Command | object)} `this` command for chaining, or stored configuration
       */
      configureOutput(configuration) {
        if (configuration === void 0) return this._outputConfiguration;
        this._outputConfiguration = {
          ...this._outputConfiguration,
          ...configuration
        };
        return this;
      }
      /**
       * Display the help or a custom message after an error occurs.
       *
       * @param {(boolean|string)} [displayHelp]
       * @return {Command} `this` command for chaining
       */
      showHelpAfterError(displayHelp = true) {
        if (typeof displayHelp !== "string") displayHelp = !!displayHelp;
        this._showHelpAfterError = displayHelp;
        return this;
      }
      /**
       * Display suggestion of similar commands for unknown commands, or options for unknown options.
       *
       * @param {boolean} [displaySuggestion]
       * @return {Command} `this` command for chaining
       */
      showSuggestionAfterError(displaySuggestion = true) {
        this._showSuggestionAfterError = !!displaySuggestion;
        return this;
      }
      /**
       * Add a prepared subcommand.
       *
       * See .command() for creating an attached subcommand which inherits settings from its parent.
       *
       * @param {Command} cmd - new subcommand
       * @param {object} [opts] - configuration options
       * @return {Command} `this` command for chaining
       */
      addCommand(cmd, opts) {
        if (!cmd._name) {
          throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
        }
        opts = opts || {};
        if (opts.isDefault) this._defaultCommandName = cmd._name;
        if (opts.noHelp || opts.hidden) cmd._hidden = true;
        this._registerCommand(cmd);
        cmd.parent = this;
        cmd._checkForBrokenPassThrough();
        return this;
      }
      /**
       * Factory routine to create a new unattached argument.
       *
       * See .argument() for creating an attached argument, which uses this routine to
       * create the argument. You can override createArgument to return a custom argument.
       *
       * @param {string} name
       * @param {string} [description]
       * @return {Argument} new argument
       */
      createArgument(name, description) {
        return new Argument2(name, description);
      }
      /**
       * Define argument syntax for command.
       *
       * The default is that the argument is required, and you can explicitly
       * indicate this with <> around the name. Put [] around the name for an optional argument.
       *
       * @example
       * program.argument('<input-file>');
       * program.argument('[output-file]');
       *
       * @param {string} name
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom argument processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      argument(name, description, parseArg, defaultValue) {
        const argument = this.createArgument(name, description);
        if (typeof parseArg === "function") {
          argument.default(defaultValue).argParser(parseArg);
        } else {
          argument.default(parseArg);
        }
        this.addArgument(argument);
        return this;
      }
      /**
       * Define argument syntax for command, adding multiple at once (without descriptions).
       *
       * See also .argument().
       *
       * @example
       * program.arguments('<cmd> [env]');
       *
       * @param {string} names
       * @return {Command} `this` command for chaining
       */
      arguments(names) {
        names.trim().split(/ +/).forEach((detail) => {
          this.argument(detail);
        });
        return this;
      }
      /**
       * Define argument syntax for command, adding a prepared argument.
       *
       * @param {Argument} argument
       * @return {Command} `this` command for chaining
       */
      addArgument(argument) {
        const previousArgument = this.registeredArguments.slice(-1)[0];
        if (previousArgument?.variadic) {
          throw new Error(
            `only the last argument can be variadic '${previousArgument.name()}'`
          );
        }
        if (argument.required && argument.defaultValue !== void 0 && argument.parseArg === void 0) {
          throw new Error(
            `a default value for a required argument is never used: '${argument.name()}'`
          );
        }
        this.registeredArguments.push(argument);
        return this;
      }
      /**
       * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
       *
       * @example
       *    program.helpCommand('help [cmd]');
       *    program.helpCommand('help [cmd]', 'show help');
       *    program.helpCommand(false); // suppress default help command
       *    program.helpCommand(true); // add help command even if no subcommands
       *
       * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
       * @param {string} [description] - custom description
       * @return {Command} `this` command for chaining
       */
      helpCommand(enableOrNameAndArgs, description) {
        if (typeof enableOrNameAndArgs === "boolean") {
          this._addImplicitHelpCommand = enableOrNameAndArgs;
          if (enableOrNameAndArgs && this._defaultCommandGroup) {
            this._initCommandGroup(this._getHelpCommand());
          }
          return this;
        }
        const nameAndArgs = enableOrNameAndArgs ?? "help [command]";
        const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
        const helpDescription = description ?? "display help for command";
        const helpCommand = this.createCommand(helpName);
        helpCommand.helpOption(false);
        if (helpArgs) helpCommand.arguments(helpArgs);
        if (helpDescription) helpCommand.description(helpDescription);
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Add prepared custom help command.
       *
       * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
       * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
       * @return {Command} `this` command for chaining
       */
      addHelpCommand(helpCommand, deprecatedDescription) {
        if (typeof helpCommand !== "object") {
          this.helpCommand(helpCommand, deprecatedDescription);
          return this;
        }
        this._addImplicitHelpCommand = true;
        this._helpCommand = helpCommand;
        this._initCommandGroup(helpCommand);
        return this;
      }
      /**
       * Lazy create help command.
       *
       * @return {(Command|null)}
       * @package
       */
      _getHelpCommand() {
        const hasImplicitHelpCommand = this._addImplicitHelpCommand ?? (this.commands.length && !this._actionHandler && !this._findCommand("help"));
        if (hasImplicitHelpCommand) {
          if (this._helpCommand === void 0) {
            this.helpCommand(void 0, void 0);
          }
          return this._helpCommand;
        }
        return null;
      }
      /**
       * Add hook for life cycle event.
       *
       * @param {string} event
       * @param {Function} listener
       * @return {Command} `this` command for chaining
       */
      hook(event, listener) {
        const allowedValues = ["preSubcommand", "preAction", "postAction"];
        if (!allowedValues.includes(event)) {
          throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        if (this._lifeCycleHooks[event]) {
          this._lifeCycleHooks[event].push(listener);
        } else {
          this._lifeCycleHooks[event] = [listener];
        }
        return this;
      }
      /**
       * Register callback to use as replacement for calling process.exit.
       *
       * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
       * @return {Command} `this` command for chaining
       */
      exitOverride(fn) {
        if (fn) {
          this._exitCallback = fn;
        } else {
          this._exitCallback = (err) => {
            if (err.code !== "commander.executeSubCommandAsync") {
              throw err;
            } else {
            }
          };
        }
        return this;
      }
      /**
       * Call process.exit, and _exitCallback if defined.
       *
       * @param {number} exitCode exit code for using with process.exit
       * @param {string} code an id string representing the error
       * @param {string} message human-readable description of the error
       * @return never
       * @private
       */
      _exit(exitCode, code, message) {
        if (this._exitCallback) {
          this._exitCallback(new CommanderError2(exitCode, code, message));
        }
        process3.exit(exitCode);
      }
      /**
       * Register callback `fn` for the command.
       *
       * @example
       * program
       *   .command('serve')
       *   .description('start service')
       *   .action(function() {
       *      // do work here
       *   });
       *
       * @param {Function} fn
       * @return {Command} `this` command for chaining
       */
      action(fn) {
        const listener = (args) => {
          const expectedArgsCount = this.registeredArguments.length;
          const actionArgs = args.slice(0, expectedArgsCount);
          if (this._storeOptionsAsProperties) {
            actionArgs[expectedArgsCount] = this;
          } else {
            actionArgs[expectedArgsCount] = this.opts();
          }
          actionArgs.push(this);
          return fn.apply(this, actionArgs);
        };
        this._actionHandler = listener;
        return this;
      }
      /**
       * Factory routine to create a new unattached option.
       *
       * See .option() for creating an attached option, which uses this routine to
       * create the option. You can override createOption to return a custom option.
       *
       * @param {string} flags
       * @param {string} [description]
       * @return {Option} new option
       */
      createOption(flags, description) {
        return new Option2(flags, description);
      }
      /**
       * Wrap parseArgs to catch 'commander.invalidArgument'.
       *
       * @param {(Option | Argument)} target
       * @param {string} value
       * @param {*} previous
       * @param {string} invalidArgumentMessage
       * @private
       */
      _callParseArg(target, value, previous, invalidArgumentMessage) {
        try {
          return target.parseArg(value, previous);
        } catch (err) {
          if (err.code === "commander.invalidArgument") {
            const message = `${invalidArgumentMessage} ${err.message}`;
            this.error(message, { exitCode: err.exitCode, code: err.code });
          }
          throw err;
        }
      }
      /**
       * Check for option flag conflicts.
       * Register option if no conflicts found, or throw on conflict.
       *
       * @param {Option} option
       * @private
       */
      _registerOption(option) {
        const matchingOption = option.short && this._findOption(option.short) || option.long && this._findOption(option.long);
        if (matchingOption) {
          const matchingFlag = option.long && this._findOption(option.long) ? option.long : option.short;
          throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
        }
        this._initOptionGroup(option);
        this.options.push(option);
      }
      /**
       * Check for command name and alias conflicts with existing commands.
       * Register command if no conflicts found, or throw on conflict.
       *
       * @param {Command} command
       * @private
       */
      _registerCommand(command) {
        const knownBy = (cmd) => {
          return [cmd.name()].concat(cmd.aliases());
        };
        const alreadyUsed = knownBy(command).find(
          (name) => this._findCommand(name)
        );
        if (alreadyUsed) {
          const existingCmd = knownBy(this._findCommand(alreadyUsed)).join("|");
          const newCmd = knownBy(command).join("|");
          throw new Error(
            `cannot add command '${newCmd}' as already have command '${existingCmd}'`
          );
        }
        this._initCommandGroup(command);
        this.commands.push(command);
      }
      /**
       * Add an option.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addOption(option) {
        this._registerOption(option);
        const oname = option.name();
        const name = option.attributeName();
        if (option.negate) {
          const positiveLongFlag = option.long.replace(/^--no-/, "--");
          if (!this._findOption(positiveLongFlag)) {
            this.setOptionValueWithSource(
              name,
              option.defaultValue === void 0 ? true : option.defaultValue,
              "default"
            );
          }
        } else if (option.defaultValue !== void 0) {
          this.setOptionValueWithSource(name, option.defaultValue, "default");
        }
        const handleOptionValue = (val, invalidValueMessage, valueSource) => {
          if (val == null && option.presetArg !== void 0) {
            val = option.presetArg;
          }
          const oldValue = this.getOptionValue(name);
          if (val !== null && option.parseArg) {
            val = this._callParseArg(option, val, oldValue, invalidValueMessage);
          } else if (val !== null && option.variadic) {
            val = option._collectValue(val, oldValue);
          }
          if (val == null) {
            if (option.negate) {
              val = false;
            } else if (option.isBoolean() || option.optional) {
              val = true;
            } else {
              val = "";
            }
          }
          this.setOptionValueWithSource(name, val, valueSource);
        };
        this.on("option:" + oname, (val) => {
          const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
          handleOptionValue(val, invalidValueMessage, "cli");
        });
        if (option.envVar) {
          this.on("optionEnv:" + oname, (val) => {
            const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
            handleOptionValue(val, invalidValueMessage, "env");
          });
        }
        return this;
      }
      /**
       * Internal implementation shared by .option() and .requiredOption()
       *
       * @return {Command} `this` command for chaining
       * @private
       */
      _optionEx(config, flags, description, fn, defaultValue) {
        if (typeof flags === "object" && flags instanceof Option2) {
          throw new Error(
            "To add an Option object use addOption() instead of option() or requiredOption()"
          );
        }
        const option = this.createOption(flags, description);
        option.makeOptionMandatory(!!config.mandatory);
        if (typeof fn === "function") {
          option.default(defaultValue).argParser(fn);
        } else if (fn instanceof RegExp) {
          const regex = fn;
          fn = (val, def) => {
            const m = regex.exec(val);
            return m ? m[0] : def;
          };
          option.default(defaultValue).argParser(fn);
        } else {
          option.default(fn);
        }
        return this.addOption(option);
      }
      /**
       * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
       * option-argument is indicated by `<>` and an optional option-argument by `[]`.
       *
       * See the README for more details, and see also addOption() and requiredOption().
       *
       * @example
       * program
       *     .option('-p, --pepper', 'add pepper')
       *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
       *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
       *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      option(flags, description, parseArg, defaultValue) {
        return this._optionEx({}, flags, description, parseArg, defaultValue);
      }
      /**
       * Add a required option which must have a value after parsing. This usually means
       * the option must be specified on the command line. (Otherwise the same as .option().)
       *
       * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
       *
       * @param {string} flags
       * @param {string} [description]
       * @param {(Function|*)} [parseArg] - custom option processing function or default value
       * @param {*} [defaultValue]
       * @return {Command} `this` command for chaining
       */
      requiredOption(flags, description, parseArg, defaultValue) {
        return this._optionEx(
          { mandatory: true },
          flags,
          description,
          parseArg,
          defaultValue
        );
      }
      /**
       * Alter parsing of short flags with optional values.
       *
       * @example
       * // for `.option('-f,--flag [value]'):
       * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
       * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
       *
       * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
       * @return {Command} `this` command for chaining
       */
      combineFlagAndOptionalValue(combine = true) {
        this._combineFlagAndOptionalValue = !!combine;
        return this;
      }
      /**
       * Allow unknown options on the command line.
       *
       * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
       * @return {Command} `this` command for chaining
       */
      allowUnknownOption(allowUnknown = true) {
        this._allowUnknownOption = !!allowUnknown;
        return this;
      }
      /**
       * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
       *
       * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
       * @return {Command} `this` command for chaining
       */
      allowExcessArguments(allowExcess = true) {
        this._allowExcessArguments = !!allowExcess;
        return this;
      }
      /**
       * Enable positional options. Positional means global options are specified before subcommands which lets
       * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
       * The default behaviour is non-positional and global options may appear anywhere on the command line.
       *
       * @param {boolean} [positional]
       * @return {Command} `this` command for chaining
       */
      enablePositionalOptions(positional = true) {
        this._enablePositionalOptions = !!positional;
        return this;
      }
      /**
       * Pass through options that come after command-arguments rather than treat them as command-options,
       * so actual command-options come before command-arguments. Turning this on for a subcommand requires
       * positional options to have been enabled on the program (parent commands).
       * The default behaviour is non-positional and options may appear before or after command-arguments.
       *
       * @param {boolean} [passThrough] for unknown options.
       * @return {Command} `this` command for chaining
       */
      passThroughOptions(passThrough = true) {
        this._passThroughOptions = !!passThrough;
        this._checkForBrokenPassThrough();
        return this;
      }
      /**
       * @private
       */
      _checkForBrokenPassThrough() {
        if (this.parent && this._passThroughOptions && !this.parent._enablePositionalOptions) {
          throw new Error(
            `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`
          );
        }
      }
      /**
       * Whether to store option values as properties on command object,
       * or store separately (specify false). In both cases the option values can be accessed using .opts().
       *
       * @param {boolean} [storeAsProperties=true]
       * @return {Command} `this` command for chaining
       */
      storeOptionsAsProperties(storeAsProperties = true) {
        if (this.options.length) {
          throw new Error("call .storeOptionsAsProperties() before adding options");
        }
        if (Object.keys(this._optionValues).length) {
          throw new Error(
            "call .storeOptionsAsProperties() before setting option values"
          );
        }
        this._storeOptionsAsProperties = !!storeAsProperties;
        return this;
      }
      /**
       * Retrieve option value.
       *
       * @param {string} key
       * @return {object} value
       */
      getOptionValue(key) {
        if (this._storeOptionsAsProperties) {
          return this[key];
        }
        return this._optionValues[key];
      }
      /**
       * Store option value.
       *
       * @param {string} key
       * @param {object} value
       * @return {Command} `this` command for chaining
       */
      setOptionValue(key, value) {
        return this.setOptionValueWithSource(key, value, void 0);
      }
      /**
       * Store option value and where the value came from.
       *
       * @param {string} key
       * @param {object} value
       * @param {string} source - expected values are default/config/env/cli/implied
       * @return {Command} `this` command for chaining
       */
      setOptionValueWithSource(key, value, source) {
        if (this._storeOptionsAsProperties) {
          this[key] = value;
        } else {
          this._optionValues[key] = value;
        }
        this._optionValueSources[key] = source;
        return this;
      }
      /**
       * Get source of option value.
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSource(key) {
        return this._optionValueSources[key];
      }
      /**
       * Get source of option value. See also .optsWithGlobals().
       * Expected values are default | config | env | cli | implied
       *
       * @param {string} key
       * @return {string}
       */
      getOptionValueSourceWithGlobals(key) {
        let source;
        this._getCommandAndAncestors().forEach((cmd) => {
          if (cmd.getOptionValueSource(key) !== void 0) {
            source = cmd.getOptionValueSource(key);
          }
        });
        return source;
      }
      /**
       * Get user arguments from implied or explicit arguments.
       * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
       *
       * @private
       */
      _prepareUserArgs(argv, parseOptions) {
        if (argv !== void 0 && !Array.isArray(argv)) {
          throw new Error("first parameter to parse must be array or undefined");
        }
        parseOptions = parseOptions || {};
        if (argv === void 0 && parseOptions.from === void 0) {
          if (process3.versions?.electron) {
            parseOptions.from = "electron";
          }
          const execArgv = process3.execArgv ?? [];
          if (execArgv.includes("-e") || execArgv.includes("--eval") || execArgv.includes("-p") || execArgv.includes("--print")) {
            parseOptions.from = "eval";
          }
        }
        if (argv === void 0) {
          argv = process3.argv;
        }
        this.rawArgs = argv.slice();
        let userArgs;
        switch (parseOptions.from) {
          case void 0:
          case "node":
            this._scriptPath = argv[1];
            userArgs = argv.slice(2);
            break;
          case "electron":
            if (process3.defaultApp) {
              this._scriptPath = argv[1];
              userArgs = argv.slice(2);
            } else {
              userArgs = argv.slice(1);
            }
            break;
          case "user":
            userArgs = argv.slice(0);
            break;
          case "eval":
            userArgs = argv.slice(1);
            break;
          default:
            throw new Error(
              `unexpected parse option { from: '${parseOptions.from}' }`
            );
        }
        if (!this._name && this._scriptPath)
          this.nameFromFilename(this._scriptPath);
        this._name = this._name || "program";
        return userArgs;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Use parseAsync instead of parse if any of your action handlers are async.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * program.parse(); // parse process.argv and auto-detect electron and special node flags
       * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
       * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv] - optional, defaults to process.argv
       * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
       * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
       * @return {Command} `this` command for chaining
       */
      parse(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        this._parseCommand([], userArgs);
        return this;
      }
      /**
       * Parse `argv`, setting options and invoking commands when defined.
       *
       * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
       *
       * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
       * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
       * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
       * - `'user'`: just user arguments
       *
       * @example
       * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
       * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
       * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
       *
       * @param {string[]} [argv]
       * @param {object} [parseOptions]
       * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
       * @return {Promise}
       */
      async parseAsync(argv, parseOptions) {
        this._prepareForParse();
        const userArgs = this._prepareUserArgs(argv, parseOptions);
        await this._parseCommand([], userArgs);
        return this;
      }
      _prepareForParse() {
        if (this._savedState === null) {
          this.saveStateBeforeParse();
        } else {
          this.restoreStateBeforeParse();
        }
      }
      /**
       * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state saved.
       */
      saveStateBeforeParse() {
        this._savedState = {
          // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
          _name: this._name,
          // option values before parse have default values (including false for negated options)
          // shallow clones
          _optionValues: { ...this._optionValues },
          _optionValueSources: { ...this._optionValueSources }
        };
      }
      /**
       * Restore state before parse for calls after the first.
       * Not usually called directly, but available for subclasses to save their custom state.
       *
       * This is called in a lazy way. Only commands used in parsing chain will have state restored.
       */
      restoreStateBeforeParse() {
        if (this._storeOptionsAsProperties)
          throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);
        this._name = this._savedState._name;
        this._scriptPath = null;
        this.rawArgs = [];
        this._optionValues = { ...this._savedState._optionValues };
        this._optionValueSources = { ...this._savedState._optionValueSources };
        this.args = [];
        this.processedArgs = [];
      }
      /**
       * Throw if expected executable is missing. Add lots of help for author.
       *
       * @param {string} executableFile
       * @param {string} executableDir
       * @param {string} subcommandName
       */
      _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
        if (fs.existsSync(executableFile)) return;
        const executableDirMessage = executableDir ? `searched for local subcommand relative to directory '${executableDir}'` : "no directory for search for local subcommand, use .executableDir() to supply a custom directory";
        const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
        throw new Error(executableMissing);
      }
      /**
       * Execute a sub-command executable.
       *
       * @private
       */
      _executeSubCommand(subcommand, args) {
        args = args.slice();
        let launchWithNode = false;
        const sourceExt = [".js", ".ts", ".tsx", ".mjs", ".cjs"];
        function findFile(baseDir, baseName) {
          const localBin = path.resolve(baseDir, baseName);
          if (fs.existsSync(localBin)) return localBin;
          if (sourceExt.includes(path.extname(baseName))) return void 0;
          const foundExt = sourceExt.find(
            (ext) => fs.existsSync(`${localBin}${ext}`)
          );
          if (foundExt) return `${localBin}${foundExt}`;
          return void 0;
        }
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        let executableFile = subcommand._executableFile || `${this._name}-${subcommand._name}`;
        let executableDir = this._executableDir || "";
        if (this._scriptPath) {
          let resolvedScriptPath;
          try {
            resolvedScriptPath = fs.realpathSync(this._scriptPath);
          } catch {
            resolvedScriptPath = this._scriptPath;
          }
          executableDir = path.resolve(
            path.dirname(resolvedScriptPath),
            executableDir
          );
        }
        if (executableDir) {
          let localFile = findFile(executableDir, executableFile);
          if (!localFile && !subcommand._executableFile && this._scriptPath) {
            const legacyName = path.basename(
              this._scriptPath,
              path.extname(this._scriptPath)
            );
            if (legacyName !== this._name) {
              localFile = findFile(
                executableDir,
                `${legacyName}-${subcommand._name}`
              );
            }
          }
          executableFile = localFile || executableFile;
        }
        launchWithNode = sourceExt.includes(path.extname(executableFile));
        let proc;
        if (process3.platform !== "win32") {
          if (launchWithNode) {
            args.unshift(executableFile);
            args = incrementNodeInspectorPort(process3.execArgv).concat(args);
            proc = childProcess.spawn(process3.argv[0], args, { stdio: "inherit" });
          } else {
            proc = childProcess.spawn(executableFile, args, { stdio: "inherit" });
          }
        } else {
          this._checkForMissingExecutable(
            executableFile,
            executableDir,
            subcommand._name
          );
          args.unshift(executableFile);
          args = incrementNodeInspectorPort(process3.execArgv).concat(args);
          proc = childProcess.spawn(process3.execPath, args, { stdio: "inherit" });
        }
        if (!proc.killed) {
          const signals = ["SIGUSR1", "SIGUSR2", "SIGTERM", "SIGINT", "SIGHUP"];
          signals.forEach((signal) => {
            process3.on(signal, () => {
              if (proc.killed === false && proc.exitCode === null) {
                proc.kill(signal);
              }
            });
          });
        }
        const exitCallback = this._exitCallback;
        proc.on("close", (code) => {
          code = code ?? 1;
          if (!exitCallback) {
            process3.exit(code);
          } else {
            exitCallback(
              new CommanderError2(
                code,
                "commander.executeSubCommandAsync",
                "(close)"
              )
            );
          }
        });
        proc.on("error", (err) => {
          if (err.code === "ENOENT") {
            this._checkForMissingExecutable(
              executableFile,
              executableDir,
              subcommand._name
            );
          } else if (err.code === "EACCES") {
            throw new Error(`'${executableFile}' not executable`);
          }
          if (!exitCallback) {
            process3.exit(1);
          } else {
            const wrappedError = new CommanderError2(
              1,
              "commander.executeSubCommandAsync",
              "(error)"
            );
            wrappedError.nestedError = err;
            exitCallback(wrappedError);
          }
        });
        this.runningCommand = proc;
      }
      /**
       * @private
       */
      _dispatchSubcommand(commandName, operands, unknown) {
        const subCommand = this._findCommand(commandName);
        if (!subCommand) this.help({ error: true });
        subCommand._prepareForParse();
        let promiseChain;
        promiseChain = this._chainOrCallSubCommandHook(
          promiseChain,
          subCommand,
          "preSubcommand"
        );
        promiseChain = this._chainOrCall(promiseChain, () => {
          if (subCommand._executableHandler) {
            this._executeSubCommand(subCommand, operands.concat(unknown));
          } else {
            return subCommand._parseCommand(operands, unknown);
          }
        });
        return promiseChain;
      }
      /**
       * Invoke help directly if possible, or dispatch if necessary.
       * e.g. help foo
       *
       * @private
       */
      _dispatchHelpCommand(subcommandName) {
        if (!subcommandName) {
          this.help();
        }
        const subCommand = this._findCommand(subcommandName);
        if (subCommand && !subCommand._executableHandler) {
          subCommand.help();
        }
        return this._dispatchSubcommand(
          subcommandName,
          [],
          [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? "--help"]
        );
      }
      /**
       * Check this.args against expected this.registeredArguments.
       *
       * @private
       */
      _checkNumberOfArguments() {
        this.registeredArguments.forEach((arg, i) => {
          if (arg.required && this.args[i] == null) {
            this.missingArgument(arg.name());
          }
        });
        if (this.registeredArguments.length > 0 && this.registeredArguments[this.registeredArguments.length - 1].variadic) {
          return;
        }
        if (this.args.length > this.registeredArguments.length) {
          this._excessArguments(this.args);
        }
      }
      /**
       * Process this.args using this.registeredArguments and save as this.processedArgs!
       *
       * @private
       */
      _processArguments() {
        const myParseArg = (argument, value, previous) => {
          let parsedValue = value;
          if (value !== null && argument.parseArg) {
            const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
            parsedValue = this._callParseArg(
              argument,
              value,
              previous,
              invalidValueMessage
            );
          }
          return parsedValue;
        };
        this._checkNumberOfArguments();
        const processedArgs = [];
        this.registeredArguments.forEach((declaredArg, index) => {
          let value = declaredArg.defaultValue;
          if (declaredArg.variadic) {
            if (index < this.args.length) {
              value = this.args.slice(index);
              if (declaredArg.parseArg) {
                value = value.reduce((processed, v) => {
                  return myParseArg(declaredArg, v, processed);
                }, declaredArg.defaultValue);
              }
            } else if (value === void 0) {
              value = [];
            }
          } else if (index < this.args.length) {
            value = this.args[index];
            if (declaredArg.parseArg) {
              value = myParseArg(declaredArg, value, declaredArg.defaultValue);
            }
          }
          processedArgs[index] = value;
        });
        this.processedArgs = processedArgs;
      }
      /**
       * Once we have a promise we chain, but call synchronously until then.
       *
       * @param {(Promise|undefined)} promise
       * @param {Function} fn
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCall(promise, fn) {
        if (promise?.then && typeof promise.then === "function") {
          return promise.then(() => fn());
        }
        return fn();
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallHooks(promise, event) {
        let result = promise;
        const hooks = [];
        this._getCommandAndAncestors().reverse().filter((cmd) => cmd._lifeCycleHooks[event] !== void 0).forEach((hookedCommand) => {
          hookedCommand._lifeCycleHooks[event].forEach((callback) => {
            hooks.push({ hookedCommand, callback });
          });
        });
        if (event === "postAction") {
          hooks.reverse();
        }
        hooks.forEach((hookDetail) => {
          result = this._chainOrCall(result, () => {
            return hookDetail.callback(hookDetail.hookedCommand, this);
          });
        });
        return result;
      }
      /**
       *
       * @param {(Promise|undefined)} promise
       * @param {Command} subCommand
       * @param {string} event
       * @return {(Promise|undefined)}
       * @private
       */
      _chainOrCallSubCommandHook(promise, subCommand, event) {
        let result = promise;
        if (this._lifeCycleHooks[event] !== void 0) {
          this._lifeCycleHooks[event].forEach((hook) => {
            result = this._chainOrCall(result, () => {
              return hook(this, subCommand);
            });
          });
        }
        return result;
      }
      /**
       * Process arguments in context of this command.
       * Returns action result, in case it is a promise.
       *
       * @private
       */
      _parseCommand(operands, unknown) {
        const parsed = this.parseOptions(unknown);
        this._parseOptionsEnv();
        this._parseOptionsImplied();
        operands = operands.concat(parsed.operands);
        unknown = parsed.unknown;
        this.args = operands.concat(unknown);
        if (operands && this._findCommand(operands[0])) {
          return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
        }
        if (this._getHelpCommand() && operands[0] === this._getHelpCommand().name()) {
          return this._dispatchHelpCommand(operands[1]);
        }
        if (this._defaultCommandName) {
          this._outputHelpIfRequested(unknown);
          return this._dispatchSubcommand(
            this._defaultCommandName,
            operands,
            unknown
          );
        }
        if (this.commands.length && this.args.length === 0 && !this._actionHandler && !this._defaultCommandName) {
          this.help({ error: true });
        }
        this._outputHelpIfRequested(parsed.unknown);
        this._checkForMissingMandatoryOptions();
        this._checkForConflictingOptions();
        const checkForUnknownOptions = () => {
          if (parsed.unknown.length > 0) {
            this.unknownOption(parsed.unknown[0]);
          }
        };
        const commandEvent = `command:${this.name()}`;
        if (this._actionHandler) {
          checkForUnknownOptions();
          this._processArguments();
          let promiseChain;
          promiseChain = this._chainOrCallHooks(promiseChain, "preAction");
          promiseChain = this._chainOrCall(
            promiseChain,
            () => this._actionHandler(this.processedArgs)
          );
          if (this.parent) {
            promiseChain = this._chainOrCall(promiseChain, () => {
              this.parent.emit(commandEvent, operands, unknown);
            });
          }
          promiseChain = this._chainOrCallHooks(promiseChain, "postAction");
          return promiseChain;
        }
        if (this.parent?.listenerCount(commandEvent)) {
          checkForUnknownOptions();
          this._processArguments();
          this.parent.emit(commandEvent, operands, unknown);
        } else if (operands.length) {
          if (this._findCommand("*")) {
            return this._dispatchSubcommand("*", operands, unknown);
          }
          if (this.listenerCount("command:*")) {
            this.emit("command:*", operands, unknown);
          } else if (this.commands.length) {
            this.unknownCommand();
          } else {
            checkForUnknownOptions();
            this._processArguments();
          }
        } else if (this.commands.length) {
          checkForUnknownOptions();
          this.help({ error: true });
        } else {
          checkForUnknownOptions();
          this._processArguments();
        }
      }
      /**
       * Find matching command.
       *
       * @private
       * @return {Command | undefined}
       */
      _findCommand(name) {
        if (!name) return void 0;
        return this.commands.find(
          (cmd) => cmd._name === name || cmd._aliases.includes(name)
        );
      }
      /**
       * Return an option matching `arg` if any.
       *
       * @param {string} arg
       * @return {Option}
       * @package
       */
      _findOption(arg) {
        return this.options.find((option) => option.is(arg));
      }
      /**
       * Display an error message if a mandatory option does not have a value.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForMissingMandatoryOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd.options.forEach((anOption) => {
            if (anOption.mandatory && cmd.getOptionValue(anOption.attributeName()) === void 0) {
              cmd.missingMandatoryOptionValue(anOption);
            }
          });
        });
      }
      /**
       * Display an error message if conflicting options are used together in this.
       *
       * @private
       */
      _checkForConflictingLocalOptions() {
        const definedNonDefaultOptions = this.options.filter((option) => {
          const optionKey = option.attributeName();
          if (this.getOptionValue(optionKey) === void 0) {
            return false;
          }
          return this.getOptionValueSource(optionKey) !== "default";
        });
        const optionsWithConflicting = definedNonDefaultOptions.filter(
          (option) => option.conflictsWith.length > 0
        );
        optionsWithConflicting.forEach((option) => {
          const conflictingAndDefined = definedNonDefaultOptions.find(
            (defined) => option.conflictsWith.includes(defined.attributeName())
          );
          if (conflictingAndDefined) {
            this._conflictingOption(option, conflictingAndDefined);
          }
        });
      }
      /**
       * Display an error message if conflicting options are used together.
       * Called after checking for help flags in leaf subcommand.
       *
       * @private
       */
      _checkForConflictingOptions() {
        this._getCommandAndAncestors().forEach((cmd) => {
          cmd._checkForConflictingLocalOptions();
        });
      }
      /**
       * Parse options from `argv` removing known options,
       * and return argv split into operands and unknown arguments.
       *
       * Side effects: modifies command by storing options. Does not reset state if called again.
       *
       * Examples:
       *
       *     argv => operands, unknown
       *     --known kkk op => [op], []
       *     op --known kkk => [op], []
       *     sub --unknown uuu op => [sub], [--unknown uuu op]
       *     sub -- --unknown uuu op => [sub --unknown uuu op], []
       *
       * @param {string[]} args
       * @return {{operands: string[], unknown: string[]}}
       */
      parseOptions(args) {
        const operands = [];
        const unknown = [];
        let dest = operands;
        function maybeOption(arg) {
          return arg.length > 1 && arg[0] === "-";
        }
        const negativeNumberArg = (arg) => {
          if (!/^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg)) return false;
          return !this._getCommandAndAncestors().some(
            (cmd) => cmd.options.map((opt) => opt.short).some((short) => /^-\d$/.test(short))
          );
        };
        let activeVariadicOption = null;
        let activeGroup = null;
        let i = 0;
        while (i < args.length || activeGroup) {
          const arg = activeGroup ?? args[i++];
          activeGroup = null;
          if (arg === "--") {
            if (dest === unknown) dest.push(arg);
            dest.push(...args.slice(i));
            break;
          }
          if (activeVariadicOption && (!maybeOption(arg) || negativeNumberArg(arg))) {
            this.emit(`option:${activeVariadicOption.name()}`, arg);
            continue;
          }
          activeVariadicOption = null;
          if (maybeOption(arg)) {
            const option = this._findOption(arg);
            if (option) {
              if (option.required) {
                const value = args[i++];
                if (value === void 0) this.optionMissingArgument(option);
                this.emit(`option:${option.name()}`, value);
              } else if (option.optional) {
                let value = null;
                if (i < args.length && (!maybeOption(args[i]) || negativeNumberArg(args[i]))) {
                  value = args[i++];
                }
                this.emit(`option:${option.name()}`, value);
              } else {
                this.emit(`option:${option.name()}`);
              }
              activeVariadicOption = option.variadic ? option : null;
              continue;
            }
          }
          if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
            const option = this._findOption(`-${arg[1]}`);
            if (option) {
              if (option.required || option.optional && this._combineFlagAndOptionalValue) {
                this.emit(`option:${option.name()}`, arg.slice(2));
              } else {
                this.emit(`option:${option.name()}`);
                activeGroup = `-${arg.slice(2)}`;
              }
              continue;
            }
          }
          if (/^--[^=]+=/.test(arg)) {
            const index = arg.indexOf("=");
            const option = this._findOption(arg.slice(0, index));
            if (option && (option.required || option.optional)) {
              this.emit(`option:${option.name()}`, arg.slice(index + 1));
              continue;
            }
          }
          if (dest === operands && maybeOption(arg) && !(this.commands.length === 0 && negativeNumberArg(arg))) {
            dest = unknown;
          }
          if ((this._enablePositionalOptions || this._passThroughOptions) && operands.length === 0 && unknown.length === 0) {
            if (this._findCommand(arg)) {
              operands.push(arg);
              unknown.push(...args.slice(i));
              break;
            } else if (this._getHelpCommand() && arg === this._getHelpCommand().name()) {
              operands.push(arg, ...args.slice(i));
              break;
            } else if (this._defaultCommandName) {
              unknown.push(arg, ...args.slice(i));
              break;
            }
          }
          if (this._passThroughOptions) {
            dest.push(arg, ...args.slice(i));
            break;
          }
          dest.push(arg);
        }
        return { operands, unknown };
      }
      /**
       * Return an object containing local option values as key-value pairs.
       *
       * @return {object}
       */
      opts() {
        if (this._storeOptionsAsProperties) {
          const result = {};
          const len = this.options.length;
          for (let i = 0; i < len; i++) {
            const key = this.options[i].attributeName();
            result[key] = key === this._versionOptionName ? this._version : this[key];
          }
          return result;
        }
        return this._optionValues;
      }
      /**
       * Return an object containing merged local and global option values as key-value pairs.
       *
       * @return {object}
       */
      optsWithGlobals() {
        return this._getCommandAndAncestors().reduce(
          (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
          {}
        );
      }
      /**
       * Display error message and exit (or call exitOverride).
       *
       * @param {string} message
       * @param {object} [errorOptions]
       * @param {string} [errorOptions.code] - an id string representing the error
       * @param {number} [errorOptions.exitCode] - used with process.exit
       */
      error(message, errorOptions) {
        this._outputConfiguration.outputError(
          `${message}
`,
          this._outputConfiguration.writeErr
        );
        if (typeof this._showHelpAfterError === "string") {
          this._outputConfiguration.writeErr(`${this._showHelpAfterError}
`);
        } else if (this._showHelpAfterError) {
          this._outputConfiguration.writeErr("\n");
          this.outputHelp({ error: true });
        }
        const config = errorOptions || {};
        const exitCode = config.exitCode || 1;
        const code = config.code || "commander.error";
        this._exit(exitCode, code, message);
      }
      /**
       * Apply any option related environment variables, if option does
       * not have a value from cli or client code.
       *
       * @private
       */
      _parseOptionsEnv() {
        this.options.forEach((option) => {
          if (option.envVar && option.envVar in process3.env) {
            const optionKey = option.attributeName();
            if (this.getOptionValue(optionKey) === void 0 || ["default", "config", "env"].includes(
              this.getOptionValueSource(optionKey)
            )) {
              if (option.required || option.optional) {
                this.emit(`optionEnv:${option.name()}`, process3.env[option.envVar]);
              } else {
                this.emit(`optionEnv:${option.name()}`);
              }
            }
          }
        });
      }
      /**
       * Apply any implied option values, if option is undefined or default value.
       *
       * @private
       */
      _parseOptionsImplied() {
        const dualHelper = new DualOptions(this.options);
        const hasCustomOptionValue = (optionKey) => {
          return this.getOptionValue(optionKey) !== void 0 && !["default", "implied"].includes(this.getOptionValueSource(optionKey));
        };
        this.options.filter(
          (option) => option.implied !== void 0 && hasCustomOptionValue(option.attributeName()) && dualHelper.valueFromOption(
            this.getOptionValue(option.attributeName()),
            option
          )
        ).forEach((option) => {
          Object.keys(option.implied).filter((impliedKey) => !hasCustomOptionValue(impliedKey)).forEach((impliedKey) => {
            this.setOptionValueWithSource(
              impliedKey,
              option.implied[impliedKey],
              "implied"
            );
          });
        });
      }
      /**
       * Argument `name` is missing.
       *
       * @param {string} name
       * @private
       */
      missingArgument(name) {
        const message = `error: missing required argument '${name}'`;
        this.error(message, { code: "commander.missingArgument" });
      }
      /**
       * `Option` is missing an argument.
       *
       * @param {Option} option
       * @private
       */
      optionMissingArgument(option) {
        const message = `error: option '${option.flags}' argument missing`;
        this.error(message, { code: "commander.optionMissingArgument" });
      }
      /**
       * `Option` does not have a value, and is a mandatory option.
       *
       * @param {Option} option
       * @private
       */
      missingMandatoryOptionValue(option) {
        const message = `error: required option '${option.flags}' not specified`;
        this.error(message, { code: "commander.missingMandatoryOptionValue" });
      }
      /**
       * `Option` conflicts with another option.
       *
       * @param {Option} option
       * @param {Option} conflictingOption
       * @private
       */
      _conflictingOption(option, conflictingOption) {
        const findBestOptionFromValue = (option2) => {
          const optionKey = option2.attributeName();
          const optionValue = this.getOptionValue(optionKey);
          const negativeOption = this.options.find(
            (target) => target.negate && optionKey === target.attributeName()
          );
          const positiveOption = this.options.find(
            (target) => !target.negate && optionKey === target.attributeName()
          );
          if (negativeOption && (negativeOption.presetArg === void 0 && optionValue === false || negativeOption.presetArg !== void 0 && optionValue === negativeOption.presetArg)) {
            return negativeOption;
          }
          return positiveOption || option2;
        };
        const getErrorMessage = (option2) => {
          const bestOption = findBestOptionFromValue(option2);
          const optionKey = bestOption.attributeName();
          const source = this.getOptionValueSource(optionKey);
          if (source === "env") {
            return `environment variable '${bestOption.envVar}'`;
          }
          return `option '${bestOption.flags}'`;
        };
        const message = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
        this.error(message, { code: "commander.conflictingOption" });
      }
      /**
       * Unknown option `flag`.
       *
       * @param {string} flag
       * @private
       */
      unknownOption(flag) {
        if (this._allowUnknownOption) return;
        let suggestion = "";
        if (flag.startsWith("--") && this._showSuggestionAfterError) {
          let candidateFlags = [];
          let command = this;
          do {
            const moreFlags = command.createHelp().visibleOptions(command).filter((option) => option.long).map((option) => option.long);
            candidateFlags = candidateFlags.concat(moreFlags);
            command = command.parent;
          } while (command && !command._enablePositionalOptions);
          suggestion = suggestSimilar(flag, candidateFlags);
        }
        const message = `error: unknown option '${flag}'${suggestion}`;
        this.error(message, { code: "commander.unknownOption" });
      }
      /**
       * Excess arguments, more than expected.
       *
       * @param {string[]} receivedArgs
       * @private
       */
      _excessArguments(receivedArgs) {
        if (this._allowExcessArguments) return;
        const expected = this.registeredArguments.length;
        const s = expected === 1 ? "" : "s";
        const forSubcommand = this.parent ? ` for '${this.name()}'` : "";
        const message = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${receivedArgs.length}.`;
        this.error(message, { code: "commander.excessArguments" });
      }
      /**
       * Unknown command.
       *
       * @private
       */
      unknownCommand() {
        const unknownName = this.args[0];
        let suggestion = "";
        if (this._showSuggestionAfterError) {
          const candidateNames = [];
          this.createHelp().visibleCommands(this).forEach((command) => {
            candidateNames.push(command.name());
            if (command.alias()) candidateNames.push(command.alias());
          });
          suggestion = suggestSimilar(unknownName, candidateNames);
        }
        const message = `error: unknown command '${unknownName}'${suggestion}`;
        this.error(message, { code: "commander.unknownCommand" });
      }
      /**
       * Get or set the program version.
       *
       * This method auto-registers the "-V, --version" option which will print the version number.
       *
       * You can optionally supply the flags and description to override the defaults.
       *
       * @param {string} [str]
       * @param {string} [flags]
       * @param {string} [description]
       * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
       */
      version(str2, flags, description) {
        if (str2 === void 0) return this._version;
        this._version = str2;
        flags = flags || "-V, --version";
        description = description || "output the version number";
        const versionOption = this.createOption(flags, description);
        this._versionOptionName = versionOption.attributeName();
        this._registerOption(versionOption);
        this.on("option:" + versionOption.name(), () => {
          this._outputConfiguration.writeOut(`${str2}
`);
          this._exit(0, "commander.version", str2);
        });
        return this;
      }
      /**
       * Set the description.
       *
       * @param {string} [str]
       * @param {object} [argsDescription]
       * @return {(string|Command)}
       */
      description(str2, argsDescription) {
        if (str2 === void 0 && argsDescription === void 0)
          return this._description;
        this._description = str2;
        if (argsDescription) {
          this._argsDescription = argsDescription;
        }
        return this;
      }
      /**
       * Set the summary. Used when listed as subcommand of parent.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      summary(str2) {
        if (str2 === void 0) return this._summary;
        this._summary = str2;
        return this;
      }
      /**
       * Set an alias for the command.
       *
       * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
       *
       * @param {string} [alias]
       * @return {(string|Command)}
       */
      alias(alias) {
        if (alias === void 0) return this._aliases[0];
        let command = this;
        if (this.commands.length !== 0 && this.commands[this.commands.length - 1]._executableHandler) {
          command = this.commands[this.commands.length - 1];
        }
        if (alias === command._name)
          throw new Error("Command alias can't be the same as its name");
        const matchingCommand = this.parent?._findCommand(alias);
        if (matchingCommand) {
          const existingCmd = [matchingCommand.name()].concat(matchingCommand.aliases()).join("|");
          throw new Error(
            `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`
          );
        }
        command._aliases.push(alias);
        return this;
      }
      /**
       * Set aliases for the command.
       *
       * Only the first alias is shown in the auto-generated help.
       *
       * @param {string[]} [aliases]
       * @return {(string[]|Command)}
       */
      aliases(aliases) {
        if (aliases === void 0) return this._aliases;
        aliases.forEach((alias) => this.alias(alias));
        return this;
      }
      /**
       * Set / get the command usage `str`.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      usage(str2) {
        if (str2 === void 0) {
          if (this._usage) return this._usage;
          const args = this.registeredArguments.map((arg) => {
            return humanReadableArgName(arg);
          });
          return [].concat(
            this.options.length || this._helpOption !== null ? "[options]" : [],
            this.commands.length ? "[command]" : [],
            this.registeredArguments.length ? args : []
          ).join(" ");
        }
        this._usage = str2;
        return this;
      }
      /**
       * Get or set the name of the command.
       *
       * @param {string} [str]
       * @return {(string|Command)}
       */
      name(str2) {
        if (str2 === void 0) return this._name;
        this._name = str2;
        return this;
      }
      /**
       * Set/get the help group heading for this subcommand in parent command's help.
       *
       * @param {string} [heading]
       * @return {Command | string}
       */
      helpGroup(heading) {
        if (heading === void 0) return this._helpGroupHeading ?? "";
        this._helpGroupHeading = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for subcommands added to this command.
       * (This does not override a group set directly on the subcommand using .helpGroup().)
       *
       * @example
       * program.commandsGroup('Development Commands:);
       * program.command('watch')...
       * program.command('lint')...
       * ...
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      commandsGroup(heading) {
        if (heading === void 0) return this._defaultCommandGroup ?? "";
        this._defaultCommandGroup = heading;
        return this;
      }
      /**
       * Set/get the default help group heading for options added to this command.
       * (This does not override a group set directly on the option using .helpGroup().)
       *
       * @example
       * program
       *   .optionsGroup('Development Options:')
       *   .option('-d, --debug', 'output extra debugging')
       *   .option('-p, --profile', 'output profiling information')
       *
       * @param {string} [heading]
       * @returns {Command | string}
       */
      optionsGroup(heading) {
        if (heading === void 0) return this._defaultOptionGroup ?? "";
        this._defaultOptionGroup = heading;
        return this;
      }
      /**
       * @param {Option} option
       * @private
       */
      _initOptionGroup(option) {
        if (this._defaultOptionGroup && !option.helpGroupHeading)
          option.helpGroup(this._defaultOptionGroup);
      }
      /**
       * @param {Command} cmd
       * @private
       */
      _initCommandGroup(cmd) {
        if (this._defaultCommandGroup && !cmd.helpGroup())
          cmd.helpGroup(this._defaultCommandGroup);
      }
      /**
       * Set the name of the command from script filename, such as process.argv[1],
       * or require.main.filename, or __filename.
       *
       * (Used internally and public although not documented in README.)
       *
       * @example
       * program.nameFromFilename(require.main.filename);
       *
       * @param {string} filename
       * @return {Command}
       */
      nameFromFilename(filename) {
        this._name = path.basename(filename, path.extname(filename));
        return this;
      }
      /**
       * Get or set the directory for searching for executable subcommands of this command.
       *
       * @example
       * program.executableDir(__dirname);
       * // or
       * program.executableDir('subcommands');
       *
       * @param {string} [path]
       * @return {(string|null|Command)}
       */
      executableDir(path2) {
        if (path2 === void 0) return this._executableDir;
        this._executableDir = path2;
        return this;
      }
      /**
       * Return program help documentation.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
       * @return {string}
       */
      helpInformation(contextOptions) {
        const helper = this.createHelp();
        const context = this._getOutputContext(contextOptions);
        helper.prepareContext({
          error: context.error,
          helpWidth: context.helpWidth,
          outputHasColors: context.hasColors
        });
        const text2 = helper.formatHelp(this, helper);
        if (context.hasColors) return text2;
        return this._outputConfiguration.stripColor(text2);
      }
      /**
       * @typedef HelpContext
       * @type {object}
       * @property {boolean} error
       * @property {number} helpWidth
       * @property {boolean} hasColors
       * @property {function} write - includes stripColor if needed
       *
       * @returns {HelpContext}
       * @private
       */
      _getOutputContext(contextOptions) {
        contextOptions = contextOptions || {};
        const error = !!contextOptions.error;
        let baseWrite;
        let hasColors;
        let helpWidth;
        if (error) {
          baseWrite = (str2) => this._outputConfiguration.writeErr(str2);
          hasColors = this._outputConfiguration.getErrHasColors();
          helpWidth = this._outputConfiguration.getErrHelpWidth();
        } else {
          baseWrite = (str2) => this._outputConfiguration.writeOut(str2);
          hasColors = this._outputConfiguration.getOutHasColors();
          helpWidth = this._outputConfiguration.getOutHelpWidth();
        }
        const write = (str2) => {
          if (!hasColors) str2 = this._outputConfiguration.stripColor(str2);
          return baseWrite(str2);
        };
        return { error, write, hasColors, helpWidth };
      }
      /**
       * Output help information for this command.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      outputHelp(contextOptions) {
        let deprecatedCallback;
        if (typeof contextOptions === "function") {
          deprecatedCallback = contextOptions;
          contextOptions = void 0;
        }
        const outputContext = this._getOutputContext(contextOptions);
        const eventContext = {
          error: outputContext.error,
          write: outputContext.write,
          command: this
        };
        this._getCommandAndAncestors().reverse().forEach((command) => command.emit("beforeAllHelp", eventContext));
        this.emit("beforeHelp", eventContext);
        let helpInformation = this.helpInformation({ error: outputContext.error });
        if (deprecatedCallback) {
          helpInformation = deprecatedCallback(helpInformation);
          if (typeof helpInformation !== "string" && !Buffer.isBuffer(helpInformation)) {
            throw new Error("outputHelp callback must return a string or a Buffer");
          }
        }
        outputContext.write(helpInformation);
        if (this._getHelpOption()?.long) {
          this.emit(this._getHelpOption().long);
        }
        this.emit("afterHelp", eventContext);
        this._getCommandAndAncestors().forEach(
          (command) => command.emit("afterAllHelp", eventContext)
        );
      }
      /**
       * You can pass in flags and a description to customise the built-in help option.
       * Pass in false to disable the built-in help option.
       *
       * @example
       * program.helpOption('-?, --help' 'show help'); // customise
       * program.helpOption(false); // disable
       *
       * @param {(string | boolean)} flags
       * @param {string} [description]
       * @return {Command} `this` command for chaining
       */
      helpOption(flags, description) {
        if (typeof flags === "boolean") {
          if (flags) {
            if (this._helpOption === null) this._helpOption = void 0;
            if (this._defaultOptionGroup) {
              this._initOptionGroup(this._getHelpOption());
            }
          } else {
            this._helpOption = null;
          }
          return this;
        }
        this._helpOption = this.createOption(
          flags ?? "-h, --help",
          description ?? "display help for command"
        );
        if (flags || description) this._initOptionGroup(this._helpOption);
        return this;
      }
      /**
       * Lazy create help option.
       * Returns null if has been disabled with .helpOption(false).
       *
       * @returns {(Option | null)} the help option
       * @package
       */
      _getHelpOption() {
        if (this._helpOption === void 0) {
          this.helpOption(void 0, void 0);
        }
        return this._helpOption;
      }
      /**
       * Supply your own option to use for the built-in help option.
       * This is an alternative to using helpOption() to customise the flags and description etc.
       *
       * @param {Option} option
       * @return {Command} `this` command for chaining
       */
      addHelpOption(option) {
        this._helpOption = option;
        this._initOptionGroup(option);
        return this;
      }
      /**
       * Output help information and exit.
       *
       * Outputs built-in help, and custom text added using `.addHelpText()`.
       *
       * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
       */
      help(contextOptions) {
        this.outputHelp(contextOptions);
        let exitCode = Number(process3.exitCode ?? 0);
        if (exitCode === 0 && contextOptions && typeof contextOptions !== "function" && contextOptions.error) {
          exitCode = 1;
        }
        this._exit(exitCode, "commander.help", "(outputHelp)");
      }
      /**
       * // Do a little typing to coordinate emit and listener for the help text events.
       * @typedef HelpTextEventContext
       * @type {object}
       * @property {boolean} error
       * @property {Command} command
       * @property {function} write
       */
      /**
       * Add additional text to be displayed with the built-in help.
       *
       * Position is 'before' or 'after' to affect just this command,
       * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
       *
       * @param {string} position - before or after built-in help
       * @param {(string | Function)} text - string to add, or a function returning a string
       * @return {Command} `this` command for chaining
       */
      addHelpText(position, text2) {
        const allowedValues = ["beforeAll", "before", "after", "afterAll"];
        if (!allowedValues.includes(position)) {
          throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
        }
        const helpEvent = `${position}Help`;
        this.on(helpEvent, (context) => {
          let helpStr;
          if (typeof text2 === "function") {
            helpStr = text2({ error: context.error, command: context.command });
          } else {
            helpStr = text2;
          }
          if (helpStr) {
            context.write(`${helpStr}
`);
          }
        });
        return this;
      }
      /**
       * Output help information if help flags specified
       *
       * @param {Array} args - array of options to search for help flags
       * @private
       */
      _outputHelpIfRequested(args) {
        const helpOption = this._getHelpOption();
        const helpRequested = helpOption && args.find((arg) => helpOption.is(arg));
        if (helpRequested) {
          this.outputHelp();
          this._exit(0, "commander.helpDisplayed", "(outputHelp)");
        }
      }
    };
    function incrementNodeInspectorPort(args) {
      return args.map((arg) => {
        if (!arg.startsWith("--inspect")) {
          return arg;
        }
        let debugOption;
        let debugHost = "127.0.0.1";
        let debugPort = "9229";
        let match2;
        if ((match2 = arg.match(/^(--inspect(-brk)?)$/)) !== null) {
          debugOption = match2[1];
        } else if ((match2 = arg.match(/^(--inspect(-brk|-port)?)=([^:]+)$/)) !== null) {
          debugOption = match2[1];
          if (/^\d+$/.test(match2[3])) {
            debugPort = match2[3];
          } else {
            debugHost = match2[3];
          }
        } else if ((match2 = arg.match(/^(--inspect(-brk|-port)?)=([^:]+):(\d+)$/)) !== null) {
          debugOption = match2[1];
          debugHost = match2[3];
          debugPort = match2[4];
        }
        if (debugOption && debugPort !== "0") {
          return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
        }
        return arg;
      });
    }
    function useColor() {
      if (process3.env.NO_COLOR || process3.env.FORCE_COLOR === "0" || process3.env.FORCE_COLOR === "false")
        return false;
      if (process3.env.FORCE_COLOR || process3.env.CLICOLOR_FORCE !== void 0)
        return true;
      return void 0;
    }
    exports2.Command = Command2;
    exports2.useColor = useColor;
  }
});

// node_modules/commander/index.js
var require_commander = __commonJS({
  "node_modules/commander/index.js"(exports2) {
    var { Argument: Argument2 } = require_argument();
    var { Command: Command2 } = require_command();
    var { CommanderError: CommanderError2, InvalidArgumentError: InvalidArgumentError2 } = require_error();
    var { Help: Help2 } = require_help();
    var { Option: Option2 } = require_option();
    exports2.program = new Command2();
    exports2.createCommand = (name) => new Command2(name);
    exports2.createOption = (flags, description) => new Option2(flags, description);
    exports2.createArgument = (name, description) => new Argument2(name, description);
    exports2.Command = Command2;
    exports2.Option = Option2;
    exports2.Argument = Argument2;
    exports2.Help = Help2;
    exports2.CommanderError = CommanderError2;
    exports2.InvalidArgumentError = InvalidArgumentError2;
    exports2.InvalidOptionArgumentError = InvalidArgumentError2;
  }
});

// src/core/errors.ts
var ExitCode, ActivityError, UsageError, InvalidInputError, StoreError, QuietExit, NoMatchError, InterruptedError;
var init_errors = __esm({
  "src/core/errors.ts"() {
    "use strict";
    ExitCode = {
      ok: 0,
      noMatch: 1,
      usage: 2,
      integrity: 3,
      auth: 4,
      store: 5,
      interrupted: 130
    };
    ActivityError = class extends Error {
      exitCode = ExitCode.usage;
      /** What to do about it, printed under the message. */
      hint;
      constructor(message, hint, options) {
        super(message, options);
        this.name = new.target.name;
        this.hint = hint;
      }
    };
    UsageError = class extends ActivityError {
      exitCode = ExitCode.usage;
    };
    InvalidInputError = class extends UsageError {
      problems;
      total;
      constructor(problems, total, outcome = "nothing recorded", hint = "fix the lines named and run the same command again") {
        const shown = problems.map((p) => `line ${p.line}: ${p.message}`).join("; ");
        const more = total > problems.length ? `; and ${total - problems.length} more` : "";
        super(`${total} invalid line${total === 1 ? "" : "s"}, ${outcome}: ${shown}${more}`, hint);
        this.problems = problems;
        this.total = total;
      }
    };
    StoreError = class extends ActivityError {
      exitCode = ExitCode.store;
    };
    QuietExit = class extends ActivityError {
      constructor(exitCode) {
        super("");
        this.exitCode = exitCode;
      }
    };
    NoMatchError = class extends QuietExit {
      constructor(message) {
        super(ExitCode.noMatch);
        this.message = message;
      }
    };
    InterruptedError = class extends ActivityError {
      exitCode = ExitCode.interrupted;
    };
  }
});

// src/core/problems.ts
var SHOWN, ProblemList;
var init_problems = __esm({
  "src/core/problems.ts"() {
    "use strict";
    init_errors();
    SHOWN = 20;
    ProblemList = class {
      shown = [];
      total = 0;
      add(line, message) {
        this.total++;
        if (this.shown.length < SHOWN) this.shown.push({ line, message });
      }
      get any() {
        return this.total > 0;
      }
      get count() {
        return this.total;
      }
      throwIfAny(outcome, hint) {
        if (this.total > 0) throw new InvalidInputError(this.shown, this.total, outcome, hint);
      }
    };
  }
});

// src/core/id.ts
function randomEventId(now) {
  const bytes = process.getBuiltinModule("node:crypto").randomBytes(16);
  let ms = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6] ?? 0) & 15 | 112;
  bytes[8] = (bytes[8] ?? 0) & 63 | 128;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
var init_id = __esm({
  "src/core/id.ts"() {
    "use strict";
  }
});

// src/core/suggest.ts
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
function closest(input, candidates) {
  let best;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(1, Math.floor(input.length / 3));
  return bestDistance <= tolerance ? best : void 0;
}
var init_suggest = __esm({
  "src/core/suggest.ts"() {
    "use strict";
  }
});

// src/core/resource-types.ts
function parseResourceType(input) {
  const slug = TYPE_FORMS.get(normalizeTypeInput(input));
  if (slug) return slug;
  const guess = closest(normalizeTypeInput(input), [...TYPE_FORMS.keys()]);
  const suggestion = guess ? `did you mean "${TYPE_FORMS.get(guess)}"? ` : "";
  throw new UsageError(`unknown resource type "${input}"`, `${suggestion}valid types: ${RESOURCE_TYPES.join(", ")}`);
}
function parseAction(input) {
  const action = input.trim().toLowerCase();
  if (ACTIONS.includes(action)) return action;
  const guess = closest(action, ACTIONS);
  const suggestion = guess ? `did you mean "${guess}"? ` : "";
  throw new UsageError(`unknown action "${input}"`, `${suggestion}valid actions: ${ACTIONS.join(", ")}`);
}
function parseList(values, parse) {
  const parsed = values.flatMap((value) => value.split(",")).filter((value) => value.trim() !== "").map(parse);
  return [...new Set(parsed)];
}
var RESOURCE_TYPES, TYPE_LABELS, ACTIONS, plural, TYPE_FORMS, normalizeTypeInput;
var init_resource_types = __esm({
  "src/core/resource-types.ts"() {
    "use strict";
    init_errors();
    init_suggest();
    RESOURCE_TYPES = [
      "cluster",
      "project",
      "environment",
      "service",
      "job",
      "deployment",
      "dependency",
      "variable-group",
      "domain",
      "node-pool",
      "volume",
      "provider",
      "user"
    ];
    TYPE_LABELS = {
      cluster: "Cluster",
      project: "Project",
      environment: "Environment",
      service: "Service",
      job: "Job",
      deployment: "Deployment",
      dependency: "Dependency",
      "variable-group": "Variable Group",
      domain: "Domain",
      "node-pool": "Node Pool",
      volume: "Volume",
      provider: "Provider",
      user: "User"
    };
    ACTIONS = ["create", "update", "delete"];
    plural = (slug) => slug.endsWith("y") ? `${slug.slice(0, -1)}ies` : `${slug}s`;
    TYPE_FORMS = new Map(
      RESOURCE_TYPES.flatMap((slug) => [
        [slug, slug],
        [plural(slug), slug]
      ])
    );
    normalizeTypeInput = (input) => input.trim().toLowerCase().replace(/[\s_-]+/g, "-");
  }
});

// src/core/time.ts
function invalid(input, why) {
  return new UsageError(`invalid time "${input}"${why ? `: ${why}` : ""}`, TIME_FORMS_HINT);
}
function inRange(input, instant) {
  if (!Number.isFinite(instant) || instant < MIN_INSTANT || instant > MAX_INSTANT) {
    throw invalid(input, "out of range (years 0000 to 9999)");
  }
  return instant;
}
function parseIsoTime(input) {
  const m = ISO.exec(input.trim());
  if (!m) throw invalid(input);
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Number(frac.slice(0, 3).padEnd(3, "0"));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw invalid(input, "no such date");
  if (hour > 23 || minute > 59 || second > 59) throw invalid(input, "no such time of day");
  if (offset === void 0) {
    const local = new Date(2e3, month - 1, day, hour, minute, second, ms);
    local.setFullYear(year);
    return inRange(input, local.getTime());
  }
  const utc = new Date(Date.UTC(2e3, month - 1, day, hour, minute, second, ms));
  utc.setUTCFullYear(year);
  let offsetMinutes = 0;
  if (offset !== "Z" && offset !== "z") {
    const sign = offset.startsWith("-") ? -1 : 1;
    const digits = offset.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 23 || om > 59) throw invalid(input, "no such UTC offset");
    offsetMinutes = sign * (oh * 60 + om);
  }
  return inRange(input, utc.getTime() - offsetMinutes * 6e4);
}
function parseTime(input, now) {
  const text2 = input.trim().toLowerCase();
  if (text2 === "now") return now;
  if (text2 === "today") return localMidnight(now, 0);
  if (text2 === "yesterday") return localMidnight(now, 1);
  const unix = UNIX.exec(text2);
  if (unix) return inRange(input, Math.floor(Number(unix[1]) * 1e3));
  const ago = AGO.exec(text2);
  if (ago) {
    const unit = UNIT_MS[ago[2] ?? ""];
    if (unit === void 0) throw invalid(input, `unknown unit "${ago[2]}"`);
    return inRange(input, now - Number(ago[1]) * unit);
  }
  return parseIsoTime(input);
}
function parseTimeRange(since, until, now) {
  const range = {};
  if (since !== void 0) range.since = parseTime(since, now);
  if (until !== void 0) range.until = parseTime(until, now);
  if (range.since !== void 0 && range.until !== void 0 && range.since > range.until) {
    throw new UsageError(
      `--since ${since} is later than --until ${until}`,
      "swap them, or give a --since before the --until"
    );
  }
  return range;
}
function formatIsoTime(instant) {
  const day = Math.floor(instant / 864e5);
  if (day !== cachedDay) {
    cachedDayText = new Date(day * 864e5).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = instant - day * 864e5;
  const ms = rest % 1e3;
  rest = (rest - ms) / 1e3;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedDayText}${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(ms, 3)}Z`;
}
function formatLocalTime(instant) {
  const d = new Date(instant);
  const offset = -d.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
var MIN_INSTANT, MAX_INSTANT, TIME_FORMS_HINT, ISO, AGO, UNIX, UNIT_MS, daysInMonth, localMidnight, pad, cachedDay, cachedDayText;
var init_time = __esm({
  "src/core/time.ts"() {
    "use strict";
    init_errors();
    MIN_INSTANT = -621672192e5;
    MAX_INSTANT = 253402300799999;
    TIME_FORMS_HINT = 'accepted: an ISO date or time (2026-11-25, 2026-11-25T17:37, 2026-11-25 17:37:02, 2026-11-25T17:37:02.123Z, with Z or \xB1HH:MM, else local time), a time ago (90s, 30m, 2h, 7d, 2w, "3 hours ago"), now, today, yesterday, or @<unix seconds>';
    ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
    AGO = /^-?(\d{1,9})\s*([a-z]+)(?:\s+ago)?$/;
    UNIX = /^@(-?\d{1,15}(?:\.\d{1,9})?)$/;
    UNIT_MS = {};
    for (const [ms, names] of [
      [1e3, ["s", "sec", "secs", "second", "seconds"]],
      [6e4, ["m", "min", "mins", "minute", "minutes"]],
      [36e5, ["h", "hr", "hrs", "hour", "hours"]],
      [864e5, ["d", "day", "days"]],
      [6048e5, ["w", "wk", "wks", "week", "weeks"]]
    ]) {
      for (const name of names) UNIT_MS[name] = ms;
    }
    daysInMonth = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();
    localMidnight = (now, daysBack) => {
      const date = new Date(now);
      return new Date(date.getFullYear(), date.getMonth(), date.getDate() - daysBack).getTime();
    };
    pad = (n, width = 2) => String(n).padStart(width, "0");
    cachedDay = Number.NaN;
    cachedDayText = "";
  }
});

// src/core/event.ts
function text(field, value, max, required) {
  if (value === void 0 || value === null || value === "") {
    if (required) throw new UsageError(`"${field}" is required`);
    return null;
  }
  if (typeof value !== "string") throw new UsageError(`"${field}" must be a string, not ${describe(value)}`);
  if (!value.isWellFormed()) throw new UsageError(`"${field}" holds an unpaired UTF-16 surrogate`);
  if (value.length > max && codePoints(value) > max) {
    throw new UsageError(`"${field}" is longer than ${max} characters`);
  }
  if (required && value.trim() === "") throw new UsageError(`"${field}" is blank`);
  return value;
}
function canonicalJson(value, depth = 0) {
  if (depth > LIMITS.detailsDepth)
    throw new UsageError(`"details" is nested deeper than ${LIMITS.detailsDepth} levels`);
  if (value === null || typeof value !== "object") {
    if (typeof value === "string" && !value.isWellFormed()) {
      throw new UsageError('"details" holds an unpaired UTF-16 surrogate');
    }
    if (typeof value === "number" && !Number.isFinite(value))
      throw new UsageError('"details" holds a non-finite number');
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => {
    if (!key.isWellFormed()) throw new UsageError('"details" holds an unpaired UTF-16 surrogate');
    return `${JSON.stringify(key)}:${canonicalJson(value[key], depth + 1)}`;
  }).join(",")}}`;
}
function canonicalDetails(value) {
  if (value === void 0 || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`"details" must be a JSON object or null, not ${describe(value)}`);
  }
  const json = canonicalJson(value);
  if (Buffer.byteLength(json) > LIMITS.detailsBytes) throw new UsageError('"details" is larger than 64 KiB');
  return json;
}
function canonicalTime(text2) {
  if (CANONICAL_TIME.test(text2) && formatIsoTime(Date.parse(text2)) === text2) return text2;
  return formatIsoTime(parseIsoTime(text2));
}
function validateEvent(input, now) {
  const id = text("id", input.id, LIMITS.id, false);
  let time;
  if (input.time === void 0 || input.time === null) {
    time = formatIsoTime(now);
  } else if (typeof input.time !== "string") {
    throw new UsageError(`"time" must be a string, not ${describe(input.time)}`);
  } else {
    time = canonicalTime(input.time);
  }
  if (input.action === void 0 || input.action === null) throw new UsageError('"action" is required');
  if (typeof input.action !== "string")
    throw new UsageError(`"action" must be a string, not ${describe(input.action)}`);
  if (input.type === void 0 || input.type === null) throw new UsageError('"type" is required');
  if (typeof input.type !== "string") throw new UsageError(`"type" must be a string, not ${describe(input.type)}`);
  return {
    id: id ?? randomEventId(now),
    idGiven: id !== null,
    time,
    action: parseAction(input.action),
    type: parseResourceType(input.type),
    name: text("name", input.name, LIMITS.name, true),
    resourceId: text("resourceId", input.resourceId, LIMITS.resourceId, false),
    account: text("account", input.account, LIMITS.account, false),
    user: text("user", input.user, LIMITS.user, true),
    details: canonicalDetails(input.details)
  };
}
function parseEventLine(line, now) {
  return validateEvent(parseObjectLine(line), now);
}
function parseExportedLine(line, now) {
  const value = parseObjectLine(line);
  const event = validateEvent(value, now);
  const seq = value.seq ?? null;
  if (seq !== null && !(typeof seq === "number" && Number.isSafeInteger(seq) && seq >= 1)) {
    throw new UsageError(`"seq" must be a whole number from 1 up, not ${JSON.stringify(seq)}`);
  }
  const hash = value.hash ?? null;
  if (hash !== null && !(typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash))) {
    throw new UsageError('"hash" must be 64 lower-case hex digits');
  }
  const exported = event;
  exported.seq = seq;
  exported.hash = hash;
  return exported;
}
function parseObjectLine(line) {
  let value;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new UsageError(`not valid JSON (${error.message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`expected a JSON object, found ${describe(value)}`);
  }
  for (const key in value) {
    if (!FIELDS.has(key)) throw new UsageError(`unknown field "${key}"`);
  }
  return value;
}
function subjectFingerprint(e) {
  let a = 2166136261;
  let b = 2538058380;
  for (const field of [e.type, e.account ?? "", e.resourceId ?? "", e.name]) {
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      a = Math.imul(a ^ c, 16777619);
      b = Math.imul(b ^ c, 1540483477);
    }
    a = Math.imul(a ^ 65535, 16777619);
    b = Math.imul(b ^ 65535, 1540483477);
  }
  return (a >>> 0) * 1048576 + (b >>> 12);
}
var LIMITS, FIELDS, codePoints, describe, CANONICAL_TIME, sameContent;
var init_event = __esm({
  "src/core/event.ts"() {
    "use strict";
    init_errors();
    init_id();
    init_resource_types();
    init_time();
    LIMITS = {
      id: 128,
      name: 256,
      user: 256,
      resourceId: 128,
      account: 128,
      detailsBytes: 64 * 1024,
      detailsDepth: 32
    };
    FIELDS = /* @__PURE__ */ new Set([
      "seq",
      "id",
      "time",
      "action",
      "type",
      "name",
      "resourceId",
      "account",
      "user",
      "details",
      "hash"
    ]);
    codePoints = (s) => {
      let count = 0;
      for (const _ of s) count++;
      return count;
    };
    describe = (value) => value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    sameContent = (a, b) => a.action === b.action && a.type === b.type && a.name === b.name && a.resourceId === b.resourceId && a.account === b.account && a.user === b.user && a.details === b.details;
  }
});

// src/core/filter.ts
function matchesFilter(event, filter) {
  if (filter.actions.length > 0 && !filter.actions.includes(event.action)) return false;
  if (filter.types.length > 0 && !filter.types.includes(event.type)) return false;
  if (filter.users.length > 0 && !filter.users.includes(foldCase(event.user))) return false;
  if (filter.accounts.length > 0 && (event.account === null || !filter.accounts.includes(event.account))) return false;
  if (filter.resourceIds.length > 0 && (event.resourceId === null || !filter.resourceIds.includes(event.resourceId))) {
    return false;
  }
  if (filter.since !== void 0 || filter.until !== void 0) {
    const instant = Date.parse(event.time);
    if (filter.since !== void 0 && instant < filter.since) return false;
    if (filter.until !== void 0 && instant >= filter.until) return false;
  }
  if (filter.search !== void 0 && !(foldCase(event.name).includes(filter.search) || event.action.includes(filter.search))) {
    return false;
  }
  return true;
}
var emptyFilter, isEmptyFilter, foldCase, actionsMatchingSearch;
var init_filter = __esm({
  "src/core/filter.ts"() {
    "use strict";
    emptyFilter = () => ({ users: [], actions: [], types: [], accounts: [], resourceIds: [] });
    isEmptyFilter = (f) => f.users.length === 0 && f.actions.length === 0 && f.types.length === 0 && f.accounts.length === 0 && f.resourceIds.length === 0 && f.search === void 0 && f.since === void 0 && f.until === void 0;
    foldCase = (text2) => text2.normalize("NFC").toLowerCase();
    actionsMatchingSearch = (search, actions) => actions.filter((action) => action.includes(search));
  }
});

// src/core/chain.ts
function chainHash(previousHash, seq, e) {
  if (!sha256) {
    const { hash } = process.getBuiltinModule("node:crypto");
    sha256 = (data) => hash("sha256", data, "hex");
  }
  return sha256(`${previousHash}
${canonicalEncoding(seq, e)}`);
}
var GENESIS_HASH, NEEDS_ESCAPE, quote, canonicalEncoding, sha256;
var init_chain = __esm({
  "src/core/chain.ts"() {
    "use strict";
    GENESIS_HASH = "0".repeat(64);
    NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
    quote = (s) => s === null ? "null" : NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
    canonicalEncoding = (seq, e) => `[${seq},${quote(e.id)},${quote(e.time)},${quote(e.action)},${quote(e.type)},${quote(e.name)},${quote(e.resourceId)},${quote(e.account)},${quote(e.user)},${e.details ?? "null"}]`;
  }
});

// src/store/sqlite-sql.ts
function trigramQuery(search) {
  const chars = [...search];
  const grams = /* @__PURE__ */ new Set();
  for (let i = 0; i + TRIGRAM <= chars.length; i++) grams.add(chars.slice(i, i + TRIGRAM).join(""));
  return [...grams].map((gram) => `"${gram.replaceAll('"', '""')}"`).join(" AND ");
}
var EVENT_INDEXES, SUBJECT_INDEXES, createIndexes, MIGRATIONS, TRIGRAM, EVENT_JSON, EVENT_COLUMNS, JOIN_NAMES, SELECT_EVENTS, toEvent, ORDER_BY;
var init_sqlite_sql = __esm({
  "src/store/sqlite-sql.ts"() {
    "use strict";
    init_time();
    EVENT_INDEXES = [
      ["events_by_time", "time, type, action, user, subject"],
      ["events_by_type", "type, action, time, user, subject"],
      ["events_by_user", "user, time, type, action, subject"],
      ["events_by_subject", "subject, time, type, action, user"]
    ];
    SUBJECT_INDEXES = [
      ["subjects_by_account", "account"],
      ["subjects_by_resource", "resource_id"],
      ["subjects_by_name", "name, events"]
    ];
    createIndexes = (table) => (table === "events" ? EVENT_INDEXES : SUBJECT_INDEXES).map(([name, columns]) => `CREATE INDEX ${name} ON ${table} (${columns});`).join("\n");
    MIGRATIONS = [
      `CREATE TABLE users (
     id   INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     key  TEXT NOT NULL
   );
   CREATE INDEX users_by_key ON users (key);
   CREATE TABLE names (
     id   INTEGER PRIMARY KEY,
     name TEXT NOT NULL UNIQUE
   );
   CREATE TABLE subjects (
     id          INTEGER PRIMARY KEY,
     type        TEXT    NOT NULL,
     account     TEXT    NOT NULL,
     resource_id TEXT    NOT NULL,
     name        INTEGER NOT NULL REFERENCES names (id),
     -- How many events name this subject: counts for search, account and resource
     -- filters without reading their events.
     events      INTEGER NOT NULL DEFAULT 0,
     UNIQUE (type, account, resource_id, name)
   );
   ${createIndexes("subjects")}
   CREATE TABLE events (
     seq     INTEGER PRIMARY KEY,
     id      TEXT    NOT NULL UNIQUE,
     time    INTEGER NOT NULL,
     action  TEXT    NOT NULL,
     type    TEXT    NOT NULL,
     subject INTEGER NOT NULL REFERENCES subjects (id),
     user    INTEGER NOT NULL REFERENCES users (id),
     details TEXT,
     hash    TEXT    NOT NULL
   );
   ${createIndexes("events")}
   -- Substring search over names without reading every row (detail=none keeps it small).
   CREATE VIRTUAL TABLE names_search USING fts5 (
     name, content = 'names', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
   );`
    ];
    TRIGRAM = 3;
    EVENT_JSON = `CAST(json_object('seq', e.seq, 'id', e.id,
  'time', strftime('%Y-%m-%dT%H:%M:%S', (e.time - (e.time % 1000 + 1000) % 1000) / 1000, 'unixepoch')
    || '.' || printf('%03d', (e.time % 1000 + 1000) % 1000) || 'Z',
  'action', e.action, 'type', e.type, 'name', n.name, 'resourceId', nullif(s.resource_id, ''),
  'account', nullif(s.account, ''), 'user', u.name, 'details', json(e.details), 'hash', e.hash) AS BLOB)`;
    EVENT_COLUMNS = `e.seq, e.id, e.time, e.action, e.type, n.name, s.resource_id, s.account, u.name AS user,
  e.details, e.hash`;
    JOIN_NAMES = "CROSS JOIN subjects s ON s.id = e.subject CROSS JOIN names n ON n.id = s.name CROSS JOIN users u ON u.id = e.user";
    SELECT_EVENTS = `SELECT ${EVENT_COLUMNS} FROM events e ${JOIN_NAMES}`;
    toEvent = (row) => ({
      seq: row[0],
      id: row[1],
      time: formatIsoTime(row[2]),
      action: row[3],
      type: row[4],
      name: row[5],
      resourceId: row[6] === "" ? null : row[6],
      account: row[7] === "" ? null : row[7],
      user: row[8],
      details: row[9],
      hash: row[10]
    });
    ORDER_BY = {
      newest: "ORDER BY e.time DESC, e.seq DESC",
      oldest: "ORDER BY e.time ASC, e.seq ASC",
      seq: "ORDER BY e.seq ASC"
    };
  }
});

// src/core/cache.ts
function keep(cache, key, value, limit) {
  if (cache.size >= limit && !cache.has(key)) {
    let evict = Math.ceil(limit / 2);
    for (const old of cache.keys()) {
      cache.delete(old);
      if (--evict === 0) break;
    }
  }
  cache.set(key, value);
}
function remember(cache, key, load, limit) {
  let value = cache.get(key);
  if (value === void 0) {
    value = load();
    keep(cache, key, value, limit);
  }
  return value;
}
var init_cache = __esm({
  "src/core/cache.ts"() {
    "use strict";
  }
});

// src/store/sqlite-writer.ts
var BULK_AFTER, GROUP, CACHE_KIB, BULK_CACHE_KIB, CACHE_LIMIT, COLUMNS, ROW, SqliteWriter, Batch;
var init_sqlite_writer = __esm({
  "src/store/sqlite-writer.ts"() {
    "use strict";
    init_cache();
    init_chain();
    init_event();
    init_filter();
    init_problems();
    init_sqlite_sql();
    BULK_AFTER = 2e4;
    GROUP = 50;
    CACHE_KIB = 16e3;
    BULK_CACHE_KIB = 4e3;
    CACHE_LIMIT = 5e4;
    COLUMNS = "seq, id, time, action, type, subject, user, details, hash";
    ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
    SqliteWriter = class {
      constructor(db, statement, read) {
        this.db = db;
        this.statement = statement;
        this.read = read;
      }
      /** In a bulk write: indexes are rebuilt at the end rather than kept up row by row. */
      bulk = false;
      users = /* @__PURE__ */ new Map();
      names = /* @__PURE__ */ new Map();
      /** Subject ids by subjectFingerprint, with the fields to tell a collision apart. */
      subjects = /* @__PURE__ */ new Map();
      /** See ActivityStore.record. */
      async record(chunks) {
        const db = this.db;
        let began = false;
        try {
          db.exec("BEGIN IMMEDIATE");
          began = true;
          const batch = new Batch(this, this.read.head() ?? { seq: 0, hash: GENESIS_HASH });
          for await (const chunk of chunks) {
            if (!this.bulk && batch.wantsBulk()) this.beginBulk(batch);
            for (const item of chunk) batch.add(item);
          }
          const summary = batch.finish();
          if (this.bulk) this.rebuildAfterBulk(batch.bulkFrom);
          db.exec("COMMIT");
          began = false;
          return summary;
        } catch (error) {
          if (began && db.inTransaction) db.exec("ROLLBACK");
          this.users.clear();
          this.names.clear();
          this.subjects.clear();
          throw error;
        } finally {
          if (this.bulk) {
            db.pragma("threads = 0");
            db.pragma(`cache_size = -${CACHE_KIB}`);
            this.bulk = false;
          }
        }
      }
      beginBulk(batch) {
        for (const [name] of [...EVENT_INDEXES, ...SUBJECT_INDEXES]) this.db.exec(`DROP INDEX ${name}`);
        batch.startBulk();
        this.bulk = true;
        this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
      }
      /**
       * The end of a bulk write: the indexes dropped for it are built again (the sorter may
       * use helper threads), and the per-subject counts of the events written since
       * `fromSeq` are added in one pass, before the index that holds them exists.
       */
      rebuildAfterBulk(fromSeq) {
        const db = this.db;
        db.pragma("threads = 2");
        db.exec(createIndexes("events"));
        this.statement(
          `UPDATE subjects SET events = events + added.n
       FROM (SELECT subject, count(*) AS n FROM events WHERE seq > ? GROUP BY subject) AS added
       WHERE subjects.id = added.subject`
        ).run(fromSeq);
        db.exec(createIndexes("subjects"));
        db.exec("INSERT INTO names_search (names_search) VALUES ('rebuild')");
      }
      readById(id) {
        return this.read.byId(id);
      }
      /** Inserts one event unless its id is taken; whether it was inserted. */
      insertOne(p) {
        const e = p.item.event;
        return this.statement(`INSERT INTO events (${COLUMNS}) VALUES ${ROW} ON CONFLICT (id) DO NOTHING`).run(
          p.seq,
          e.id,
          Date.parse(e.time),
          e.action,
          e.type,
          p.subject,
          this.userId(e.user),
          e.details,
          p.hash
        ).changes === 1;
      }
      /**
       * Inserts a full group in one statement; false, with nothing inserted, when an id of
       * the group was taken (the caller then goes event by event).
       */
      insertGroup(group) {
        const params = [];
        for (const p of group) {
          const e = p.item.event;
          params.push(p.seq, e.id, Date.parse(e.time), e.action, e.type, p.subject, this.userId(e.user), e.details, p.hash);
        }
        try {
          this.statement(`INSERT INTO events (${COLUMNS}) VALUES ${Array(GROUP).fill(ROW).join(", ")}`).run(params);
          return true;
        } catch (error) {
          if (error.code === "SQLITE_CONSTRAINT_UNIQUE") return false;
          throw error;
        }
      }
      /** Adds per-subject event counts (outside bulk writes, which count in one pass at the end). */
      countEvents(added) {
        const bump = this.statement("UPDATE subjects SET events = events + ? WHERE id = ?");
        for (const [subject, n] of added) bump.run(n, subject);
        added.clear();
      }
      get inBulk() {
        return this.bulk;
      }
      userId(name) {
        return remember(
          this.users,
          name,
          () => {
            const found = this.statement("SELECT id FROM users WHERE name = ?").pluck().get(name);
            return found ?? Number(
              this.statement("INSERT INTO users (name, key) VALUES (?, ?)").run(name, foldCase(name)).lastInsertRowid
            );
          },
          CACHE_LIMIT
        );
      }
      nameId(name) {
        return remember(
          this.names,
          name,
          () => {
            const found = this.statement("SELECT id FROM names WHERE name = ?").pluck().get(name);
            if (found !== void 0) return found;
            const id = Number(this.statement("INSERT INTO names (name) VALUES (?)").run(name).lastInsertRowid);
            if (!this.bulk) this.statement("INSERT INTO names_search (rowid, name) VALUES (?, ?)").run(id, name);
            return id;
          },
          CACHE_LIMIT
        );
      }
      subjectId(e, fingerprint = subjectFingerprint(e)) {
        const known = this.subjects.get(fingerprint);
        if (known !== void 0 && known.name === e.name && known.type === e.type && known.account === e.account && known.resourceId === e.resourceId) {
          return known.id;
        }
        const id = this.loadSubjectId(e);
        const { type, account, resourceId, name } = e;
        keep(this.subjects, fingerprint, { id, type, account, resourceId, name }, CACHE_LIMIT);
        return id;
      }
      loadSubjectId(e) {
        const account = e.account ?? "";
        const resourceId = e.resourceId ?? "";
        const name = this.nameId(e.name);
        const found = this.statement(
          "SELECT id FROM subjects WHERE type = ? AND account = ? AND resource_id = ? AND name = ?"
        ).pluck().get(e.type, account, resourceId, name);
        return found ?? Number(
          this.statement("INSERT INTO subjects (type, account, resource_id, name) VALUES (?, ?, ?, ?)").run(
            e.type,
            account,
            resourceId,
            name
          ).lastInsertRowid
        );
      }
    };
    Batch = class {
      constructor(writer, head) {
        this.writer = writer;
        this.head = head;
        this.before = head.seq;
      }
      summary = { recorded: 0, unchanged: 0 };
      problems = new ProblemList();
      /** The seq after which a bulk write began. */
      bulkFrom = 0;
      before;
      group = [];
      /** Events added per subject, flushed as it fills so that memory stays bounded. */
      added = /* @__PURE__ */ new Map();
      wantsBulk() {
        return !this.problems.any && this.summary.recorded >= BULK_AFTER && this.summary.recorded > this.before;
      }
      startBulk() {
        this.writer.countEvents(this.added);
        this.bulkFrom = this.head.seq;
      }
      add(item) {
        if ("problem" in item) {
          this.flush();
          this.problems.add(item.line, item.problem);
          return;
        }
        if (this.problems.any) return;
        const last = this.group.at(-1) ?? this.head;
        const seq = last.seq + 1;
        const link = item.link;
        const hash = link !== void 0 && link.seq === seq && link.previous === last.hash ? link.hash : chainHash(last.hash, seq, item.event);
        this.group.push({ item, seq, hash, subject: this.writer.subjectId(item.event, item.subject) });
        if (this.group.length === GROUP) this.flush();
      }
      finish() {
        this.flush();
        this.problems.throwIfAny();
        this.writer.countEvents(this.added);
        return this.summary;
      }
      /** Writes the waiting group: in one statement when it is full and no id of it was taken. */
      flush() {
        const group = this.group;
        if (group.length === 0) return;
        this.group = [];
        if (group.length === GROUP && this.writer.insertGroup(group)) {
          for (const placed of group) this.written(placed);
          return;
        }
        for (const placed of group) {
          const seq = this.head.seq + 1;
          const again = placed.seq === seq ? placed : { ...placed, seq, hash: chainHash(this.head.hash, seq, placed.item.event) };
          if (this.writer.insertOne(again)) {
            this.written(again);
            continue;
          }
          const e = placed.item.event;
          const existing = this.writer.readById(e.id);
          if (sameContent(e, { ...e, ...existing, time: e.time })) this.summary.unchanged++;
          else {
            this.problems.add(
              placed.item.line,
              `id "${e.id}" was already recorded (seq ${existing.seq}) with other content`
            );
          }
        }
      }
      written(placed) {
        this.head.seq = placed.seq;
        this.head.hash = placed.hash;
        this.summary.firstSeq ??= placed.seq;
        this.summary.lastSeq = placed.seq;
        this.summary.recorded++;
        if (!this.writer.inBulk) {
          this.added.set(placed.subject, (this.added.get(placed.subject) ?? 0) + 1);
          if (this.added.size >= CACHE_LIMIT) this.writer.countEvents(this.added);
        }
      }
    };
  }
});

// src/store/sqlite.ts
var sqlite_exports = {};
__export(sqlite_exports, {
  SqliteStore: () => SqliteStore
});
function pause(ms, signal) {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve(!signal.aborted);
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
function nativeBinding() {
  try {
    return (0, import_node_module2.createRequire)(__importMetaUrl).resolve("better-sqlite3/build/Release/better_sqlite3.node");
  } catch {
    return void 0;
  }
}
function storeFailure(location, error) {
  if (error instanceof ActivityError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`store ${location} failed: ${message}`, "check the path, its permissions and free disk space", {
    cause: error
  });
}
var import_node_fs7, import_node_module2, import_node_path3, import_better_sqlite3, WALK_TIME_INDEX_ABOVE, PAGE_SIZE, MMAP_BYTES, POLL_MS, marks, Conditions, SqliteStore, bySubjectOnly;
var init_sqlite = __esm({
  "src/store/sqlite.ts"() {
    "use strict";
    import_node_fs7 = require("node:fs");
    import_node_module2 = require("node:module");
    import_node_path3 = require("node:path");
    import_better_sqlite3 = __toESM(require("better-sqlite3"));
    init_errors();
    init_filter();
    init_resource_types();
    init_sqlite_sql();
    init_sqlite_writer();
    WALK_TIME_INDEX_ABOVE = 20;
    PAGE_SIZE = 500;
    MMAP_BYTES = 1024 * 1024 * 1024;
    POLL_MS = 50;
    marks = (values) => values.map(() => "?").join(", ");
    Conditions = class {
      clauses = [];
      params = [];
      add(clause, ...params) {
        this.clauses.push(clause);
        this.params.push(...params);
      }
      /** `column IN (…)`, or nothing for an empty list ("any"). */
      anyOf(column, values) {
        if (values.length > 0) this.add(`${column} IN (${marks(values)})`, ...values);
      }
      /** A comparison, or nothing when the bound is absent. */
      bound(clause, value) {
        if (value !== void 0) this.add(clause, value);
      }
      sql() {
        return { where: this.clauses.length > 0 ? ` WHERE ${this.clauses.join(" AND ")}` : "", params: this.params };
      }
    };
    SqliteStore = class _SqliteStore {
      constructor(db, location) {
        this.db = db;
        this.location = location;
      }
      statements = /* @__PURE__ */ new Map();
      /** Commits by this connection, so that its own writes invalidate the caches below. */
      ownWrites = 0;
      /** Opens (and in write mode creates) the store file, and brings its schema up to date. */
      static open(path, mode) {
        let exists = false;
        try {
          const stat = (0, import_node_fs7.statSync)(path);
          if (stat.isDirectory()) {
            throw new StoreError(`store ${path} is a directory, not a store file`, "give the path of a file with --store");
          }
          exists = true;
        } catch (error) {
          if (error instanceof ActivityError) throw error;
          if (error.code !== "ENOENT") throw storeFailure(path, error);
        }
        try {
          const file = exists || mode === "write" ? path : ":memory:";
          if (file !== ":memory:") (0, import_node_fs7.mkdirSync)((0, import_node_path3.dirname)(path), { recursive: true });
          const binding = nativeBinding();
          const db = new import_better_sqlite3.default(file, {
            timeout: 6e4,
            ...binding ? { nativeBinding: binding } : {}
          });
          const store = new _SqliteStore(db, path);
          try {
            store.prepareConnection();
          } catch (error) {
            db.close();
            throw error;
          }
          return store;
        } catch (error) {
          throw storeFailure(path, error);
        }
      }
      prepareConnection() {
        const db = this.db;
        const version = db.pragma("user_version", { simple: true });
        if (version > MIGRATIONS.length) {
          throw new StoreError(
            `store ${this.location} has schema version ${version}, newer than this activity knows (${MIGRATIONS.length})`,
            "upgrade activity"
          );
        }
        if (version === 0) db.pragma("page_size = 16384");
        if (db.name !== ":memory:") db.pragma("journal_mode = WAL");
        db.pragma("synchronous = NORMAL");
        db.pragma(`cache_size = -${CACHE_KIB}`);
        db.function("fold", { deterministic: true }, (text2) => typeof text2 === "string" ? foldCase(text2) : null);
        if (version < MIGRATIONS.length) this.migrate(version);
      }
      migrate(from) {
        const db = this.db;
        db.exec("BEGIN IMMEDIATE");
        try {
          const current = db.pragma("user_version", { simple: true });
          for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] ?? "");
          db.pragma(`user_version = ${MIGRATIONS.length}`);
          db.exec("COMMIT");
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
        if (from > 0) db.exec("ANALYZE");
      }
      statement(sql) {
        let statement = this.statements.get(sql);
        if (!statement) {
          statement = this.db.prepare(sql);
          this.statements.set(sql, statement);
        }
        return statement;
      }
      writer;
      async record(chunks) {
        this.writer ??= new SqliteWriter(this.db, (sql) => this.statement(sql), {
          head: () => this.readHead(),
          byId: (id) => this.readById(id)
        });
        try {
          const summary = await this.writer.record(chunks);
          this.ownWrites++;
          return summary;
        } catch (error) {
          throw storeFailure(this.location, error);
        }
      }
      readHead() {
        return this.statement("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").get();
      }
      readById(id) {
        const row = this.statement(`${SELECT_EVENTS} WHERE e.id = ?`).raw().get(id);
        return row && toEvent(row);
      }
      query(query) {
        return this.pages(query, EVENT_COLUMNS, (row) => toEvent(row));
      }
      queryJson(query) {
        return this.pages(query, EVENT_JSON, (row) => row[0]);
      }
      async *pages(query, columns, map) {
        const { where, params } = this.where(query.filter, query);
        const order = ORDER_BY[query.order];
        let sql;
        if (query.limit === void 0) {
          sql = `SELECT ${columns} FROM events e ${JOIN_NAMES}${where} ${order}`;
        } else {
          this.db.pragma(`mmap_size = ${MMAP_BYTES}`);
          const walkTime = query.order !== "seq" && !isEmptyFilter(query.filter) && await this.count(query.filter) > query.limit * WALK_TIME_INDEX_ABOVE;
          sql = `SELECT ${columns} FROM (SELECT e.seq FROM events e${walkTime ? " INDEXED BY events_by_time" : ""}${where} ${order} LIMIT ${Math.floor(query.limit)}) AS page CROSS JOIN events e ON e.seq = page.seq ${JOIN_NAMES} ${order}`;
        }
        let rows;
        try {
          rows = this.statement(sql).raw().iterate(...params);
        } catch (error) {
          throw storeFailure(this.location, error);
        }
        let page = [];
        for (const row of rows) {
          page.push(map(row));
          if (page.length === PAGE_SIZE) {
            yield page;
            page = [];
          }
        }
        if (page.length > 0) yield page;
      }
      async *follow(filter, afterSeq, signal) {
        if (this.db.name === ":memory:") {
          while (!(0, import_node_fs7.existsSync)(this.location)) {
            if (!await pause(POLL_MS, signal)) return;
          }
          const store = _SqliteStore.open(this.location, "read");
          try {
            yield* store.follow(filter, afterSeq, signal);
          } finally {
            await store.close();
          }
          return;
        }
        let after = afterSeq;
        let version;
        while (!signal.aborted) {
          const now = this.run(() => this.db.pragma("data_version", { simple: true }));
          if (now !== version) {
            version = now;
            const head = (await this.head())?.seq ?? 0;
            if (head > after) {
              for await (const page of this.query({ filter, order: "seq", afterSeq: after, throughSeq: head })) {
                yield { events: page, through: page.at(-1)?.seq ?? after };
              }
              yield { events: [], through: head };
              after = head;
            }
          }
          if (!await pause(POLL_MS, signal)) return;
        }
      }
      /** The last count, since a page's query and its "Showing 50 of N" ask the same. */
      lastCount;
      async count(filter) {
        const key = `${this.version()} ${JSON.stringify(filter)}`;
        if (this.lastCount?.key === key) return this.lastCount.count;
        const count = this.run(() => {
          if (isEmptyFilter(filter)) return this.readHead()?.seq ?? 0;
          if (bySubjectOnly(filter)) return this.matchingSubjects(filter).events;
          const { where, params } = this.where(filter, {});
          return this.statement(`SELECT count(*) FROM events e${where}`).pluck().get(...params);
        });
        this.lastCount = { key, count };
        return count;
      }
      async get(ref) {
        return this.run(() => {
          if ("id" in ref) return this.readById(ref.id);
          const row = this.statement(`${SELECT_EVENTS} WHERE e.seq = ?`).raw().get(ref.seq);
          return row && toEvent(row);
        });
      }
      async head() {
        return this.run(() => this.readHead());
      }
      async close() {
        if (!this.db.open) return;
        if (this.ownWrites > 0) {
          try {
            this.db.exec("BEGIN IMMEDIATE");
            this.db.pragma("optimize");
            this.db.exec("COMMIT");
          } catch {
            if (this.db.inTransaction) this.db.exec("ROLLBACK");
          }
        }
        this.db.close();
      }
      run(work) {
        try {
          return work();
        } catch (error) {
          throw storeFailure(this.location, error);
        }
      }
      /**
       * The SQL of SPEC §3's filters over `events e`. Users, accounts, resource ids and
       * names are looked up in their small tables first; each clause then has an index.
       */
      where(filter, range) {
        const where = new Conditions();
        if (filter.users.length > 0) {
          const ids = this.statement(`SELECT id FROM users WHERE key IN (${marks(filter.users)})`).pluck().all(...filter.users);
          if (ids.length === 0) where.add("0");
          where.anyOf("e.user", ids);
        }
        where.anyOf("e.action", filter.actions);
        where.anyOf("e.type", filter.types);
        where.bound("e.time >= ?", filter.since);
        where.bound("e.time < ?", filter.until);
        where.bound("e.seq > ?", range.afterSeq);
        where.bound("e.seq <= ?", range.throughSeq);
        if (filter.accounts.length > 0 || filter.resourceIds.length > 0 || filter.search !== void 0) {
          const { ids } = this.matchingSubjects(filter);
          const byAction = filter.search === void 0 ? [] : actionsMatchingSearch(filter.search, ACTIONS);
          const orAction = byAction.length > 0 ? ` OR e.action IN (${marks(byAction)})` : "";
          where.add(`(e.subject IN (SELECT value FROM json_each(?))${orAction})`, ids, ...byAction);
        }
        return where.sql();
      }
      lastSubjects;
      /** Changes whenever this or another connection commits: what the small caches above key on. */
      version() {
        return `${this.db.pragma("data_version", { simple: true })}.${this.ownWrites}`;
      }
      /**
       * The subjects that the account, resource-id and search filters select (and the type
       * filter, which events also carry), as a JSON array of ids, with their event count.
       */
      matchingSubjects(filter) {
        const key = `${this.version()} ${JSON.stringify([filter.types, filter.accounts, filter.resourceIds, filter.search])}`;
        if (this.lastSubjects?.key !== key) {
          const { where, params } = this.subjectWhere(filter);
          const [ids, events] = this.statement(
            `SELECT json_group_array(id), coalesce(sum(events), 0) FROM subjects${where}`
          ).raw().get(...params);
          this.lastSubjects = { key, ids, events };
        }
        return this.lastSubjects;
      }
      /** The filters that are properties of a subject, over the subjects table. */
      subjectWhere(filter) {
        const where = new Conditions();
        where.anyOf("type", filter.types);
        where.anyOf("account", filter.accounts);
        where.anyOf("resource_id", filter.resourceIds);
        if (filter.search !== void 0) {
          const ascii = /^[ -~]*$/.test(filter.search);
          const narrowed = [...filter.search].length >= TRIGRAM;
          const check = `instr(${ascii ? "lower" : "fold"}(name), ?) > 0`;
          if (narrowed) {
            where.add(
              `name IN (SELECT id FROM names WHERE id IN (SELECT rowid FROM names_search WHERE names_search MATCH ?) AND ${check})`,
              trigramQuery(filter.search),
              filter.search
            );
          } else {
            where.add(`name IN (SELECT id FROM names WHERE ${check})`, filter.search);
          }
        }
        return where.sql();
      }
    };
    bySubjectOnly = (f) => f.users.length === 0 && f.actions.length === 0 && f.since === void 0 && f.until === void 0 && (f.accounts.length > 0 || f.resourceIds.length > 0 || f.search !== void 0) && (f.search === void 0 || actionsMatchingSearch(f.search, ACTIONS).length === 0);
  }
});

// src/cli.ts
var cli_exports = {};
__export(cli_exports, {
  main: () => main
});
module.exports = __toCommonJS(cli_exports);

// node_modules/commander/esm.mjs
var import_index = __toESM(require_commander(), 1);
var {
  program,
  createCommand,
  createArgument,
  createOption,
  CommanderError,
  InvalidArgumentError,
  InvalidOptionArgumentError,
  // deprecated old name
  Command,
  Argument,
  Option,
  Help
} = import_index.default;

// src/commands/filter.ts
var import_node_fs2 = require("node:fs");
init_errors();
init_problems();

// src/core/ndjson.ts
init_errors();
init_event();
var MAX_LINE_BYTES = 1024 * 1024;
var NEWLINE = 10;
var decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
function decodeLine(bytes, line) {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 13) end--;
  try {
    return { line, text: decoder.decode(bytes.subarray(0, end)) };
  } catch {
    return { line, problem: "not valid UTF-8" };
  }
}
async function* readLines(stream) {
  let partial = [];
  let partialBytes = 0;
  let tooLong = false;
  let line = 0;
  const finish = (bytes, out) => {
    line++;
    if (tooLong) out.push({ line, problem: `line longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB` });
    else if (bytes.length > 0 && !(bytes.length === 1 && bytes[0] === 13)) out.push(decodeLine(bytes, line));
    tooLong = false;
  };
  for await (const piece of stream) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
    const out = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const tail = chunk.subarray(start, nl);
      if (partial.length > 0) {
        if (!tooLong && partialBytes + tail.length <= MAX_LINE_BYTES) partial.push(tail);
        else tooLong = true;
        finish(tooLong ? Buffer.alloc(0) : Buffer.concat(partial), out);
      } else {
        tooLong = tail.length > MAX_LINE_BYTES;
        finish(tail, out);
      }
      partial = [];
      partialBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (tooLong) {
      } else if (partialBytes + rest.length > MAX_LINE_BYTES) {
        tooLong = true;
        partial = [Buffer.alloc(0)];
      } else {
        partial.push(Buffer.from(rest));
        partialBytes += rest.length;
      }
    }
    yield out;
  }
  if (partial.length > 0 || tooLong) {
    const out = [];
    finish(tooLong ? Buffer.alloc(0) : Buffer.concat(partial), out);
    if (out.length > 0) yield out;
  }
}
async function* parseEventLines(lines, now) {
  for await (const chunk of lines) {
    const items = [];
    for (const entry of chunk) {
      if ("problem" in entry) {
        items.push(entry);
        continue;
      }
      const text2 = entry.line === 1 ? entry.text.replace(/^\uFEFF/, "") : entry.text;
      try {
        items.push({ line: entry.line, event: parseEventLine(text2, now) });
      } catch (error) {
        if (!(error instanceof ActivityError)) throw error;
        items.push({ line: entry.line, problem: error.hint ? `${error.message} (${error.hint})` : error.message });
      }
    }
    yield items;
  }
}

// src/core/signal.ts
var Signal = class {
  waiting = [];
  wait() {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
    });
  }
  notify() {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
};

// src/core/stream-filter.ts
init_errors();
init_event();
init_filter();
function filterLines(lines, filter, now) {
  const events = [];
  const problems = [];
  const everything = isEmptyFilter(filter);
  for (const entry of lines) {
    if ("problem" in entry) {
      problems.push({ line: entry.line, message: entry.problem });
      continue;
    }
    try {
      const event = parseExportedLine(entry.line === 1 ? entry.text.replace(/^\uFEFF/, "") : entry.text, now);
      if (everything || matchesFilter(event, filter)) events.push(event);
    } catch (error) {
      if (!(error instanceof ActivityError)) throw error;
      problems.push({ line: entry.line, message: error.hint ? `${error.message} (${error.hint})` : error.message });
    }
  }
  return { events, problems };
}

// src/ingest/items-codec.ts
var EVENT_SLOTS = 15;
function decodeItems(pieces) {
  return pieces.flatMap(decodePiece);
}
function decodePiece(flat) {
  const items = [];
  let i = 0;
  while (i < flat.length) {
    const line = flat[i];
    if (line < 0) {
      items.push({ line: -line, problem: flat[i + 1] });
      i += 2;
      continue;
    }
    const subject = flat[i + 11];
    const seq = flat[i + 12];
    items.push({
      line,
      event: {
        id: flat[i + 1],
        idGiven: flat[i + 2] === 1,
        time: flat[i + 3],
        action: flat[i + 4],
        type: flat[i + 5],
        name: flat[i + 6],
        resourceId: flat[i + 7],
        account: flat[i + 8],
        user: flat[i + 9],
        details: flat[i + 10]
      },
      subject: subject >= 0 ? subject : void 0,
      link: seq > 0 ? { seq, previous: flat[i + 13], hash: flat[i + 14] } : void 0
    });
    i += EVENT_SLOTS;
  }
  return items;
}
var SHOWN_SLOTS = 11;
function decodeShown(flat) {
  const events = [];
  for (let i = 0; i < flat.length; i += SHOWN_SLOTS) {
    events.push({
      id: flat[i],
      time: flat[i + 1],
      action: flat[i + 2],
      type: flat[i + 3],
      name: flat[i + 4],
      resourceId: flat[i + 5],
      account: flat[i + 6],
      user: flat[i + 7],
      details: flat[i + 8],
      seq: flat[i + 9],
      hash: flat[i + 10]
    });
  }
  return events;
}
function encodeLines(lines) {
  const flat = [];
  for (const entry of lines) {
    if ("problem" in entry) flat.push(-entry.line, entry.problem);
    else flat.push(entry.line, entry.text);
  }
  return flat;
}

// src/ingest/filter-events.ts
var PIECE_LINES = 2e3;
var MAX_OUT = 8;
var WORKERS_FROM = 4;
async function* filterEventStream(stream, filter, now, problem) {
  const pieces = piecesOf(readLines(stream))[Symbol.asyncIterator]();
  const first = [];
  for (let i = 0; i < WORKERS_FROM; i++) {
    const next = await pieces.next();
    if (next.done) break;
    first.push(next.value);
  }
  const cores = process.getBuiltinModule("node:os").availableParallelism();
  if (first.length < WORKERS_FROM || cores < 2) {
    for (const piece of first) yield take(filterLines(piece, filter, now), problem);
    for (let next = await pieces.next(); !next.done; next = await pieces.next()) {
      yield take(filterLines(next.value, filter, now), problem);
    }
    return;
  }
  yield* inWorkers(first, pieces, Math.min(cores, 4), { filter, now }, problem);
}
function take(reply, problem) {
  for (const p of reply.problems) problem(p);
  return reply.events;
}
async function* piecesOf(lines) {
  let piece = [];
  for await (const chunk of lines) {
    piece.push(...chunk);
    if (piece.length >= PIECE_LINES) {
      yield piece;
      piece = [];
    }
  }
  if (piece.length > 0) yield piece;
}
async function* inWorkers(first, rest, count, setup, problem) {
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  const changed = new Signal();
  let failure;
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(new URL("./filter-worker.cjs", __importMetaUrl), {
      workerData: setup,
      resourceLimits: { maxYoungGenerationSizeMb: 8 }
    });
    const replies = [];
    worker.on("message", (reply) => {
      replies.push(reply);
      changed.notify();
    });
    worker.on("error", (error) => {
      failure ??= error;
      changed.notify();
    });
    return { worker, replies };
  });
  let sent = 0;
  let taken = 0;
  let ended = false;
  const send = (piece) => {
    workers[sent % count]?.worker.postMessage(encodeLines(piece));
    sent++;
  };
  try {
    for (const piece of first) send(piece);
    for (; ; ) {
      while (!ended && sent - taken < MAX_OUT) {
        const next = await rest.next();
        if (next.done) ended = true;
        else send(next.value);
      }
      if (taken === sent) return;
      const { replies } = workers[taken % count] ?? { replies: [] };
      while (replies.length === 0 && failure === void 0) await changed.wait();
      const reply = replies.shift();
      if (reply === void 0) throw failure;
      taken++;
      yield take({ events: decodeShown(reply.events), problems: reply.problems }, problem);
    }
  } finally {
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
    await rest.return?.();
  }
}

// src/output/follow.ts
init_resource_types();

// src/output/sanitize.ts
var UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
var escapeOne = (char) => {
  if (char === "\\") return "\\\\";
  const code = char.charCodeAt(0);
  return code <= 255 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
};
var sanitize = (text2) => UNSAFE.test(text2) ? text2.replace(UNSAFE, escapeOne) : text2;

// src/output/table.ts
init_resource_types();
init_time();

// node_modules/date-fns/locale/en-US/_lib/formatDistance.js
var formatDistanceLocale = {
  lessThanXSeconds: {
    one: "less than a second",
    other: "less than {{count}} seconds"
  },
  xSeconds: {
    one: "1 second",
    other: "{{count}} seconds"
  },
  halfAMinute: "half a minute",
  lessThanXMinutes: {
    one: "less than a minute",
    other: "less than {{count}} minutes"
  },
  xMinutes: {
    one: "1 minute",
    other: "{{count}} minutes"
  },
  aboutXHours: {
    one: "about 1 hour",
    other: "about {{count}} hours"
  },
  xHours: {
    one: "1 hour",
    other: "{{count}} hours"
  },
  xDays: {
    one: "1 day",
    other: "{{count}} days"
  },
  aboutXWeeks: {
    one: "about 1 week",
    other: "about {{count}} weeks"
  },
  xWeeks: {
    one: "1 week",
    other: "{{count}} weeks"
  },
  aboutXMonths: {
    one: "about 1 month",
    other: "about {{count}} months"
  },
  xMonths: {
    one: "1 month",
    other: "{{count}} months"
  },
  aboutXYears: {
    one: "about 1 year",
    other: "about {{count}} years"
  },
  xYears: {
    one: "1 year",
    other: "{{count}} years"
  },
  overXYears: {
    one: "over 1 year",
    other: "over {{count}} years"
  },
  almostXYears: {
    one: "almost 1 year",
    other: "almost {{count}} years"
  }
};
var formatDistance = (token, count, options) => {
  let result;
  const tokenValue = formatDistanceLocale[token];
  if (typeof tokenValue === "string") {
    result = tokenValue;
  } else if (count === 1) {
    result = tokenValue.one;
  } else {
    result = tokenValue.other.replace("{{count}}", count.toString());
  }
  if (options?.addSuffix) {
    if (options.comparison && options.comparison > 0) {
      return "in " + result;
    } else {
      return result + " ago";
    }
  }
  return result;
};

// node_modules/date-fns/locale/_lib/buildFormatLongFn.js
function buildFormatLongFn(args) {
  return (options = {}) => {
    const width = options.width ? String(options.width) : args.defaultWidth;
    const format = args.formats[width] || args.formats[args.defaultWidth];
    return format;
  };
}

// node_modules/date-fns/locale/en-US/_lib/formatLong.js
var dateFormats = {
  full: "EEEE, MMMM do, y",
  long: "MMMM do, y",
  medium: "MMM d, y",
  short: "MM/dd/yyyy"
};
var timeFormats = {
  full: "h:mm:ss a zzzz",
  long: "h:mm:ss a z",
  medium: "h:mm:ss a",
  short: "h:mm a"
};
var dateTimeFormats = {
  full: "{{date}} 'at' {{time}}",
  long: "{{date}} 'at' {{time}}",
  medium: "{{date}}, {{time}}",
  short: "{{date}}, {{time}}"
};
var formatLong = {
  date: buildFormatLongFn({
    formats: dateFormats,
    defaultWidth: "full"
  }),
  time: buildFormatLongFn({
    formats: timeFormats,
    defaultWidth: "full"
  }),
  dateTime: buildFormatLongFn({
    formats: dateTimeFormats,
    defaultWidth: "full"
  })
};

// node_modules/date-fns/locale/en-US/_lib/formatRelative.js
var formatRelativeLocale = {
  lastWeek: "'last' eeee 'at' p",
  yesterday: "'yesterday at' p",
  today: "'today at' p",
  tomorrow: "'tomorrow at' p",
  nextWeek: "eeee 'at' p",
  other: "P"
};
var formatRelative = (token, _date, _baseDate, _options) => formatRelativeLocale[token];

// node_modules/date-fns/locale/_lib/buildLocalizeFn.js
function buildLocalizeFn(args) {
  return (value, options) => {
    const context = options?.context ? String(options.context) : "standalone";
    let valuesArray;
    if (context === "formatting" && args.formattingValues) {
      const defaultWidth = args.defaultFormattingWidth || args.defaultWidth;
      const width = options?.width ? String(options.width) : defaultWidth;
      valuesArray = args.formattingValues[width] || args.formattingValues[defaultWidth];
    } else {
      const defaultWidth = args.defaultWidth;
      const width = options?.width ? String(options.width) : args.defaultWidth;
      valuesArray = args.values[width] || args.values[defaultWidth];
    }
    const index = args.argumentCallback ? args.argumentCallback(value) : value;
    return valuesArray[index];
  };
}

// node_modules/date-fns/locale/en-US/_lib/localize.js
var eraValues = {
  narrow: ["B", "A"],
  abbreviated: ["BC", "AD"],
  wide: ["Before Christ", "Anno Domini"]
};
var quarterValues = {
  narrow: ["1", "2", "3", "4"],
  abbreviated: ["Q1", "Q2", "Q3", "Q4"],
  wide: ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"]
};
var monthValues = {
  narrow: ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"],
  abbreviated: [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec"
  ],
  wide: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December"
  ]
};
var dayValues = {
  narrow: ["S", "M", "T", "W", "T", "F", "S"],
  short: ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"],
  abbreviated: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
  wide: [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday"
  ]
};
var dayPeriodValues = {
  narrow: {
    am: "a",
    pm: "p",
    midnight: "mi",
    noon: "n",
    morning: "morning",
    afternoon: "afternoon",
    evening: "evening",
    night: "night"
  },
  abbreviated: {
    am: "AM",
    pm: "PM",
    midnight: "midnight",
    noon: "noon",
    morning: "morning",
    afternoon: "afternoon",
    evening: "evening",
    night: "night"
  },
  wide: {
    am: "a.m.",
    pm: "p.m.",
    midnight: "midnight",
    noon: "noon",
    morning: "morning",
    afternoon: "afternoon",
    evening: "evening",
    night: "night"
  }
};
var formattingDayPeriodValues = {
  narrow: {
    am: "a",
    pm: "p",
    midnight: "mi",
    noon: "n",
    morning: "in the morning",
    afternoon: "in the afternoon",
    evening: "in the evening",
    night: "at night"
  },
  abbreviated: {
    am: "AM",
    pm: "PM",
    midnight: "midnight",
    noon: "noon",
    morning: "in the morning",
    afternoon: "in the afternoon",
    evening: "in the evening",
    night: "at night"
  },
  wide: {
    am: "a.m.",
    pm: "p.m.",
    midnight: "midnight",
    noon: "noon",
    morning: "in the morning",
    afternoon: "in the afternoon",
    evening: "in the evening",
    night: "at night"
  }
};
var ordinalNumber = (dirtyNumber, _options) => {
  const number = Number(dirtyNumber);
  const rem100 = number % 100;
  if (rem100 > 20 || rem100 < 10) {
    switch (rem100 % 10) {
      case 1:
        return number + "st";
      case 2:
        return number + "nd";
      case 3:
        return number + "rd";
    }
  }
  return number + "th";
};
var localize = {
  ordinalNumber,
  era: buildLocalizeFn({
    values: eraValues,
    defaultWidth: "wide"
  }),
  quarter: buildLocalizeFn({
    values: quarterValues,
    defaultWidth: "wide",
    argumentCallback: (quarter) => quarter - 1
  }),
  month: buildLocalizeFn({
    values: monthValues,
    defaultWidth: "wide"
  }),
  day: buildLocalizeFn({
    values: dayValues,
    defaultWidth: "wide"
  }),
  dayPeriod: buildLocalizeFn({
    values: dayPeriodValues,
    defaultWidth: "wide",
    formattingValues: formattingDayPeriodValues,
    defaultFormattingWidth: "wide"
  })
};

// node_modules/date-fns/locale/_lib/buildMatchFn.js
function buildMatchFn(args) {
  return (string, options = {}) => {
    const width = options.width;
    const matchPattern = width && args.matchPatterns[width] || args.matchPatterns[args.defaultMatchWidth];
    const matchResult = string.match(matchPattern);
    if (!matchResult) {
      return null;
    }
    const matchedString = matchResult[0];
    const parsePatterns = width && args.parsePatterns[width] || args.parsePatterns[args.defaultParseWidth];
    const key = Array.isArray(parsePatterns) ? findIndex(parsePatterns, (pattern) => pattern.test(matchedString)) : (
      // [TODO] -- I challenge you to fix the type
      findKey(parsePatterns, (pattern) => pattern.test(matchedString))
    );
    let value;
    value = args.valueCallback ? args.valueCallback(key) : key;
    value = options.valueCallback ? (
      // [TODO] -- I challenge you to fix the type
      options.valueCallback(value)
    ) : value;
    const rest = string.slice(matchedString.length);
    return { value, rest };
  };
}
function findKey(object, predicate) {
  for (const key in object) {
    if (Object.prototype.hasOwnProperty.call(object, key) && predicate(object[key])) {
      return key;
    }
  }
  return void 0;
}
function findIndex(array, predicate) {
  for (let key = 0; key < array.length; key++) {
    if (predicate(array[key])) {
      return key;
    }
  }
  return void 0;
}

// node_modules/date-fns/locale/_lib/buildMatchPatternFn.js
function buildMatchPatternFn(args) {
  return (string, options = {}) => {
    const matchResult = string.match(args.matchPattern);
    if (!matchResult) return null;
    const matchedString = matchResult[0];
    const parseResult = string.match(args.parsePattern);
    if (!parseResult) return null;
    let value = args.valueCallback ? args.valueCallback(parseResult[0]) : parseResult[0];
    value = options.valueCallback ? options.valueCallback(value) : value;
    const rest = string.slice(matchedString.length);
    return { value, rest };
  };
}

// node_modules/date-fns/locale/en-US/_lib/match.js
var matchOrdinalNumberPattern = /^(\d+)(th|st|nd|rd)?/i;
var parseOrdinalNumberPattern = /\d+/i;
var matchEraPatterns = {
  narrow: /^(b|a)/i,
  abbreviated: /^(b\.?\s?c\.?|b\.?\s?c\.?\s?e\.?|a\.?\s?d\.?|c\.?\s?e\.?)/i,
  wide: /^(before christ|before common era|anno domini|common era)/i
};
var parseEraPatterns = {
  any: [/^b/i, /^(a|c)/i]
};
var matchQuarterPatterns = {
  narrow: /^[1234]/i,
  abbreviated: /^q[1234]/i,
  wide: /^[1234](th|st|nd|rd)? quarter/i
};
var parseQuarterPatterns = {
  any: [/1/i, /2/i, /3/i, /4/i]
};
var matchMonthPatterns = {
  narrow: /^[jfmasond]/i,
  abbreviated: /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i,
  wide: /^(january|february|march|april|may|june|july|august|september|october|november|december)/i
};
var parseMonthPatterns = {
  narrow: [
    /^j/i,
    /^f/i,
    /^m/i,
    /^a/i,
    /^m/i,
    /^j/i,
    /^j/i,
    /^a/i,
    /^s/i,
    /^o/i,
    /^n/i,
    /^d/i
  ],
  any: [
    /^ja/i,
    /^f/i,
    /^mar/i,
    /^ap/i,
    /^may/i,
    /^jun/i,
    /^jul/i,
    /^au/i,
    /^s/i,
    /^o/i,
    /^n/i,
    /^d/i
  ]
};
var matchDayPatterns = {
  narrow: /^[smtwf]/i,
  short: /^(su|mo|tu|we|th|fr|sa)/i,
  abbreviated: /^(sun|mon|tue|wed|thu|fri|sat)/i,
  wide: /^(sunday|monday|tuesday|wednesday|thursday|friday|saturday)/i
};
var parseDayPatterns = {
  narrow: [/^s/i, /^m/i, /^t/i, /^w/i, /^t/i, /^f/i, /^s/i],
  any: [/^su/i, /^m/i, /^tu/i, /^w/i, /^th/i, /^f/i, /^sa/i]
};
var matchDayPeriodPatterns = {
  narrow: /^(a|p|mi|n|(in the|at) (morning|afternoon|evening|night))/i,
  any: /^([ap]\.?\s?m\.?|midnight|noon|(in the|at) (morning|afternoon|evening|night))/i
};
var parseDayPeriodPatterns = {
  any: {
    am: /^a/i,
    pm: /^p/i,
    midnight: /^mi/i,
    noon: /^no/i,
    morning: /morning/i,
    afternoon: /afternoon/i,
    evening: /evening/i,
    night: /night/i
  }
};
var match = {
  ordinalNumber: buildMatchPatternFn({
    matchPattern: matchOrdinalNumberPattern,
    parsePattern: parseOrdinalNumberPattern,
    valueCallback: (value) => parseInt(value, 10)
  }),
  era: buildMatchFn({
    matchPatterns: matchEraPatterns,
    defaultMatchWidth: "wide",
    parsePatterns: parseEraPatterns,
    defaultParseWidth: "any"
  }),
  quarter: buildMatchFn({
    matchPatterns: matchQuarterPatterns,
    defaultMatchWidth: "wide",
    parsePatterns: parseQuarterPatterns,
    defaultParseWidth: "any",
    valueCallback: (index) => index + 1
  }),
  month: buildMatchFn({
    matchPatterns: matchMonthPatterns,
    defaultMatchWidth: "wide",
    parsePatterns: parseMonthPatterns,
    defaultParseWidth: "any"
  }),
  day: buildMatchFn({
    matchPatterns: matchDayPatterns,
    defaultMatchWidth: "wide",
    parsePatterns: parseDayPatterns,
    defaultParseWidth: "any"
  }),
  dayPeriod: buildMatchFn({
    matchPatterns: matchDayPeriodPatterns,
    defaultMatchWidth: "any",
    parsePatterns: parseDayPeriodPatterns,
    defaultParseWidth: "any"
  })
};

// node_modules/date-fns/locale/en-US.js
var enUS = {
  code: "en-US",
  formatDistance,
  formatLong,
  formatRelative,
  localize,
  match,
  options: {
    weekStartsOn: 0,
    firstWeekContainsDate: 1
  }
};

// node_modules/date-fns/_lib/defaultOptions.js
var defaultOptions = {};
function getDefaultOptions() {
  return defaultOptions;
}

// node_modules/date-fns/_lib/getRoundingMethod.js
function getRoundingMethod(method) {
  return (number) => {
    const round = method ? Math[method] : Math.trunc;
    const result = round(number);
    return result === 0 ? 0 : result;
  };
}

// node_modules/date-fns/constants.js
var daysInYear = 365.2425;
var maxTime = Math.pow(10, 8) * 24 * 60 * 60 * 1e3;
var minTime = -maxTime;
var millisecondsInMinute = 6e4;
var minutesInYear = 525600;
var minutesInMonth = 43200;
var minutesInDay = 1440;
var secondsInHour = 3600;
var secondsInDay = secondsInHour * 24;
var secondsInWeek = secondsInDay * 7;
var secondsInYear = secondsInDay * daysInYear;
var secondsInMonth = secondsInYear / 12;
var secondsInQuarter = secondsInMonth * 3;
var constructFromSymbol = Symbol.for("constructDateFrom");

// node_modules/date-fns/constructFrom.js
function constructFrom(date, value) {
  if (typeof date === "function") return date(value);
  if (date && typeof date === "object" && constructFromSymbol in date)
    return date[constructFromSymbol](value);
  if (date instanceof Date) return new date.constructor(value);
  return new Date(value);
}

// node_modules/date-fns/toDate.js
function toDate(argument, context) {
  return constructFrom(context || argument, argument);
}

// node_modules/date-fns/_lib/getTimezoneOffsetInMilliseconds.js
function getTimezoneOffsetInMilliseconds(date) {
  const _date = toDate(date);
  const utcDate = new Date(
    Date.UTC(
      _date.getFullYear(),
      _date.getMonth(),
      _date.getDate(),
      _date.getHours(),
      _date.getMinutes(),
      _date.getSeconds(),
      _date.getMilliseconds()
    )
  );
  utcDate.setUTCFullYear(_date.getFullYear());
  return +date - +utcDate;
}

// node_modules/date-fns/_lib/normalizeDates.js
function normalizeDates(context, ...dates) {
  const normalize = constructFrom.bind(
    null,
    context || dates.find((date) => typeof date === "object")
  );
  return dates.map(normalize);
}

// node_modules/date-fns/compareAsc.js
function compareAsc(dateLeft, dateRight) {
  const diff = +toDate(dateLeft) - +toDate(dateRight);
  if (diff < 0) return -1;
  else if (diff > 0) return 1;
  return diff;
}

// node_modules/date-fns/formatDistanceStrict.js
function formatDistanceStrict(laterDate, earlierDate, options) {
  const defaultOptions2 = getDefaultOptions();
  const locale = options?.locale ?? defaultOptions2.locale ?? enUS;
  const comparison = compareAsc(laterDate, earlierDate);
  if (isNaN(comparison)) {
    throw new RangeError("Invalid time value");
  }
  const localizeOptions = Object.assign({}, options, {
    addSuffix: options?.addSuffix,
    comparison
  });
  const [laterDate_, earlierDate_] = normalizeDates(
    options?.in,
    ...comparison > 0 ? [earlierDate, laterDate] : [laterDate, earlierDate]
  );
  const roundingMethod = getRoundingMethod(options?.roundingMethod ?? "round");
  const milliseconds = earlierDate_.getTime() - laterDate_.getTime();
  const minutes = milliseconds / millisecondsInMinute;
  const timezoneOffset = getTimezoneOffsetInMilliseconds(earlierDate_) - getTimezoneOffsetInMilliseconds(laterDate_);
  const dstNormalizedMinutes = (milliseconds - timezoneOffset) / millisecondsInMinute;
  const defaultUnit = options?.unit;
  let unit;
  if (!defaultUnit) {
    if (minutes < 1) {
      unit = "second";
    } else if (minutes < 60) {
      unit = "minute";
    } else if (minutes < minutesInDay) {
      unit = "hour";
    } else if (dstNormalizedMinutes < minutesInMonth) {
      unit = "day";
    } else if (dstNormalizedMinutes < minutesInYear) {
      unit = "month";
    } else {
      unit = "year";
    }
  } else {
    unit = defaultUnit;
  }
  if (unit === "second") {
    const seconds = roundingMethod(milliseconds / 1e3);
    return locale.formatDistance("xSeconds", seconds, localizeOptions);
  } else if (unit === "minute") {
    const roundedMinutes = roundingMethod(minutes);
    return locale.formatDistance("xMinutes", roundedMinutes, localizeOptions);
  } else if (unit === "hour") {
    const hours = roundingMethod(minutes / 60);
    return locale.formatDistance("xHours", hours, localizeOptions);
  } else if (unit === "day") {
    const days = roundingMethod(dstNormalizedMinutes / minutesInDay);
    return locale.formatDistance("xDays", days, localizeOptions);
  } else if (unit === "month") {
    const months = roundingMethod(dstNormalizedMinutes / minutesInMonth);
    return months === 12 && defaultUnit !== "month" ? locale.formatDistance("xYears", 1, localizeOptions) : locale.formatDistance("xMonths", months, localizeOptions);
  } else {
    const years = roundingMethod(dstNormalizedMinutes / minutesInYear);
    return locale.formatDistance("xYears", years, localizeOptions);
  }
}

// src/output/relative-time.ts
var relativeTime = (at, now) => Math.abs(now - at) < 1e3 ? "just now" : formatDistanceStrict(at, now, { addSuffix: true });

// src/output/width.ts
var ANSI = /\u001b\[[0-9;]*m|\u001b\]8;[^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
var ZERO_WIDTH = new RegExp("^(?:\\p{Mn}|\\p{Me}|[\\u200b-\\u200d]|[\\ufe00-\\ufe0f])$", "u");
var WIDE = /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]$/u;
var stripAnsi = (text2) => text2.replace(ANSI, "");
function displayWidth(text2) {
  const plain = stripAnsi(text2);
  if (/^[\x20-\x7e]*$/.test(plain)) return plain.length;
  let width = 0;
  for (const char of plain) {
    if (ZERO_WIDTH.test(char)) continue;
    width += WIDE.test(char) ? 2 : 1;
  }
  return width;
}
function truncate(text2, max) {
  if (displayWidth(text2) <= max) return text2;
  let out = "";
  let width = 0;
  for (const char of text2) {
    const w = ZERO_WIDTH.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
    if (width + w > max - 1) break;
    out += char;
    width += w;
  }
  return `${out}\u2026`;
}

// src/output/table.ts
function renderColumns(rows, maxWidths = []) {
  const widths = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  }
  maxWidths.forEach((max, i) => {
    if (max !== void 0 && (widths[i] ?? 0) > max) widths[i] = max;
  });
  return rows.map(
    (row) => row.map(
      (cell, i) => i === row.length - 1 ? cell : cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell)))
    ).join("  ").trimEnd()
  ).map((line) => `${line}
`).join("");
}
var BADGE_COLORS = {
  create: (c) => c.bgGreen.black,
  update: (c) => c.bgBlue.white,
  delete: (c) => c.bgRed.white
};
var capitalize = (word) => word.charAt(0).toUpperCase() + word.slice(1);
var actionBadge = (action, c) => c.level > 0 ? BADGE_COLORS[action](c)(` ${capitalize(action)} `) : capitalize(action);
var NAME_MIN = 20;
var NAME_STUB = 12;
var USER_MIN = 10;
function renderEventTable(events, options) {
  const c = options.chalk;
  const when = (e) => options.absolute ? formatLocalTime(Date.parse(e.time)) : relativeTime(Date.parse(e.time), options.now);
  const widest = (cells) => Math.max(0, ...cells.map(displayWidth));
  const times = events.map(when);
  let users = events.map((e) => sanitize(e.user));
  const actionWidth = c.level > 0 ? 8 : 6;
  const room = options.columns === void 0 ? void 0 : options.columns - actionWidth - widest(times) - 6;
  let nameMax;
  if (room !== void 0) {
    const userMax = Math.max(USER_MIN, Math.min(widest(users), room - NAME_MIN));
    users = users.map((user) => truncate(user, userMax));
    nameMax = Math.max(NAME_MIN, room - widest(users));
  }
  const nameCell = (e) => {
    const label = `[${TYPE_LABELS[e.type]}] `;
    let account = e.account === null ? "" : ` \xB7 ${sanitize(e.account)}`;
    let name = sanitize(e.name);
    if (nameMax !== void 0) {
      const room2 = Math.max(2, nameMax - displayWidth(label));
      const stub = Math.min(displayWidth(name), NAME_STUB, room2);
      name = truncate(name, Math.max(stub, room2 - displayWidth(account)));
      const left = room2 - displayWidth(name);
      account = left >= 5 ? truncate(account, left) : "";
    }
    return `${c.cyan(label)}${name}${c.dim(account)}`;
  };
  const rows = events.map((e, i) => [nameCell(e), actionBadge(e.action, c), times[i] ?? "", users[i] ?? ""]);
  if (options.header !== false) rows.unshift(["Name", "Action", "Created At", "User"].map((h) => c.bold(h)));
  return renderColumns(rows);
}

// src/output/follow.ts
var NAME_WIDTH = 44;
var NAME_MIN2 = 20;
var pad2 = (n) => String(n).padStart(2, "0");
var FollowLines = class {
  constructor(chalk2, columns) {
    this.chalk = chalk2;
    this.columns = columns;
  }
  day;
  render(events) {
    let text2 = "";
    for (const e of events) {
      const at = new Date(Date.parse(e.time));
      const day = `${at.getFullYear()}-${pad2(at.getMonth() + 1)}-${pad2(at.getDate())}`;
      if (day !== this.day) {
        this.day = day;
        text2 += `${this.chalk.dim(`\u2500\u2500 ${day} \u2500\u2500`)}
`;
      }
      text2 += `${this.line(e, `${pad2(at.getHours())}:${pad2(at.getMinutes())}:${pad2(at.getSeconds())}`)}
`;
    }
    return text2;
  }
  line(e, time) {
    const c = this.chalk;
    const badge = actionBadge(e.action, c);
    const badgeWidth = c.level > 0 ? 8 : 6;
    const user = sanitize(e.user);
    const fixed = 8 + 2 + badgeWidth + 2 + 2;
    const nameWidth = this.columns === void 0 ? NAME_WIDTH : Math.max(NAME_MIN2, Math.min(NAME_WIDTH, this.columns - fixed - Math.min(displayWidth(user), 20)));
    const label = `[${TYPE_LABELS[e.type]}] `;
    const account = e.account === null ? "" : ` \xB7 ${sanitize(e.account)}`;
    const room = Math.max(4, nameWidth - displayWidth(label));
    let name = sanitize(e.name);
    let shownAccount = account;
    if (displayWidth(name) + displayWidth(account) > room) {
      name = truncate(name, room);
      const left = room - displayWidth(name);
      shownAccount = left >= 5 ? truncate(account, left) : "";
    }
    const cell = `${c.cyan(label)}${name}${c.dim(shownAccount)}`;
    const padding = " ".repeat(Math.max(0, nameWidth - displayWidth(cell)));
    const paddedBadge = badge + " ".repeat(Math.max(0, badgeWidth - displayWidth(badge)));
    let line = `${c.dim(time)}  ${paddedBadge}  ${cell}${padding}  ${user}`;
    if (this.columns !== void 0 && displayWidth(line) > this.columns) {
      const userRoom = Math.max(4, this.columns - (displayWidth(line) - displayWidth(user)));
      line = `${c.dim(time)}  ${paddedBadge}  ${cell}${padding}  ${truncate(user, userRoom)}`;
    }
    return line;
  }
};

// src/output/formats.ts
var FORMATS = ["table", "tsv", "csv", "json", "ndjson"];
var str = JSON.stringify;
var toJson = (e) => `{"seq":${e.seq},"id":${str(e.id)},"time":${str(e.time)},"action":${str(e.action)},"type":${str(e.type)},"name":${str(e.name)},"resourceId":${str(e.resourceId)},"account":${str(e.account)},"user":${str(e.user)},"details":${e.details ?? "null"},"hash":${str(e.hash)}}`;
var toTsvLine = (e) => `${e.seq ?? ""}	${sanitize(e.id)}	${e.time}	${e.action}	${e.type}	${sanitize(e.name)}	${sanitize(e.resourceId ?? "")}	${sanitize(e.account ?? "")}	${sanitize(e.user)}
`;
var CSV_HEADER = "seq,id,time,action,type,name,resourceId,account,user,details\r\n";
var FORMULA_START = /^[=+\-@\t\r]/;
function csvCell(value, raw) {
  const cell = !raw && FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
var toCsvLine = (e, raw) => `${[
  e.seq === null ? "" : String(e.seq),
  e.id,
  e.time,
  e.action,
  e.type,
  e.name,
  e.resourceId ?? "",
  e.account ?? "",
  e.user,
  e.details ?? ""
].map((cell) => csvCell(cell, raw)).join(",")}\r
`;
function formatPage(events, format, first, csvRaw = false) {
  let text2 = "";
  for (const [i, event] of events.entries()) {
    if (format === "ndjson") text2 += `${toJson(event)}
`;
    else if (format === "json") text2 += `${first && i === 0 ? "\n" : ",\n"}  ${toJson(event)}`;
    else if (format === "tsv") text2 += toTsvLine(event);
    else text2 += toCsvLine(event, csvRaw);
  }
  return text2;
}
var NEWLINE2 = Buffer.from("\n");
var JSON_FIRST = Buffer.from("\n  ");
var JSON_NEXT = Buffer.from(",\n  ");
async function writeJsonStream(pages, format, write) {
  let count = 0;
  if (format === "json") await write("[");
  for await (const page of pages) {
    const parts = [];
    for (const event of page) {
      if (format === "ndjson") parts.push(event, NEWLINE2);
      else parts.push(count === 0 && parts.length === 0 ? JSON_FIRST : JSON_NEXT, event);
    }
    if (parts.length === 0) continue;
    await write(Buffer.concat(parts));
    count += page.length;
  }
  if (format === "json") await write(count === 0 ? "]\n" : "\n]\n");
  return count;
}
async function writeEventStream(pages, format, write, options = {}) {
  let count = 0;
  if (format === "csv") await write(CSV_HEADER);
  if (format === "json") await write("[");
  for await (const page of pages) {
    if (page.length === 0) continue;
    await write(formatPage(page, format, count === 0, options.csvRaw === true));
    count += page.length;
  }
  if (format === "json") await write(count === 0 ? "]\n" : "\n]\n");
  return count;
}

// src/output/events.ts
async function writeEvents(out, source, options) {
  const write = (data) => out.write(data);
  let count;
  if (options.format === "table") {
    const rows = [];
    for await (const page of source.events()) rows.push(...page);
    count = rows.length;
    if (count > 0) {
      await write(
        renderEventTable(rows, {
          chalk: out.chalk,
          now: options.now,
          absolute: options.absolute === true,
          ...out.columns === void 0 ? {} : { columns: out.columns }
        })
      );
    }
  } else if (options.format === "json" || options.format === "ndjson") {
    count = await writeJsonStream(source.json(), options.format, write);
  } else {
    count = await writeEventStream(source.events(), options.format, write, { csvRaw: options.csvRaw === true });
  }
  await out.flush();
  return count;
}
var EventStreamWriter = class {
  constructor(out, format, csvRaw = false) {
    this.out = out;
    this.format = format;
    this.csvRaw = csvRaw;
    this.lines = format === "table" ? new FollowLines(out.chalk, out.columns) : void 0;
  }
  count = 0;
  lines;
  async begin() {
    if (this.format === "csv") await this.out.write(CSV_HEADER);
    if (this.format === "json") await this.out.write("[");
    await this.out.flush();
  }
  async write(events) {
    if (events.length === 0) return;
    const text2 = this.lines !== void 0 ? this.lines.render(events) : formatPage(events, this.format, this.count === 0, this.csvRaw);
    this.count += events.length;
    await this.out.write(text2);
    await this.out.flush();
  }
  async end() {
    if (this.format === "json") await this.out.write(this.count === 0 ? "]\n" : "\n]\n");
    await this.out.flush();
  }
};
var defaultFormat = (out) => out.stdoutIsTerminal ? "table" : "tsv";
var formatCount = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

// src/commands/input-file.ts
var import_node_fs = require("node:fs");
init_errors();
function openInputFile(path) {
  let fd;
  try {
    fd = (0, import_node_fs.openSync)(path, "r");
  } catch (error) {
    const code = error.code;
    throw new UsageError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : error.message}`);
  }
  const stat = (0, import_node_fs.fstatSync)(fd);
  if (stat.isDirectory()) {
    (0, import_node_fs.closeSync)(fd);
    throw new UsageError(`cannot read ${path}: it is a directory`, "give an NDJSON file, or - for stdin");
  }
  return { fd, stat };
}

// src/commands/options.ts
init_errors();
init_filter();
init_resource_types();
init_time();
var collect = (value, previous = []) => [...previous, value];
function addFilterOptions(command) {
  return command.option("--user <full name>", "only events by this user (case-insensitive; repeatable)", collect).addOption(
    new Option("--action <action[,action]>", `only these actions: ${ACTIONS.join(", ")} (repeatable)`).argParser(
      collect
    )
  ).addOption(
    new Option(
      "--type <type[,type]>",
      `only these resource types (repeatable): ${RESOURCE_TYPES.join(", ")}`
    ).argParser(collect)
  ).option("--account <name>", "only resources of this account (repeatable)", collect).option("--resource-id <id>", "only this resource (repeatable)", collect).option("--search <text>", "resource name or action contains this text (case-insensitive)").option("--since <time>", 'from this time on (inclusive): 2026-11-25, 7d, "3 hours ago", yesterday, @1764000000').option("--until <time>", "before this time (exclusive), same forms as --since");
}
function parseFilter(flags, now) {
  const search = flags.search === void 0 || flags.search === "" ? void 0 : foldCase(flags.search);
  return {
    users: [...new Set((flags.user ?? []).map(foldCase))],
    actions: parseList(flags.action ?? [], parseAction),
    types: parseList(flags.type ?? [], parseResourceType),
    accounts: [...new Set(flags.account ?? [])],
    resourceIds: [...new Set(flags.resourceId ?? [])],
    ...search === void 0 ? {} : { search },
    ...parseTimeRange(flags.since, flags.until, now)
  };
}
function addFormatOptions(command) {
  return command.option("--format <format>", `output format: ${FORMATS.join(", ")} (default: table on a terminal, tsv otherwise)`).option("--json", "same as --format json").option("--csv-raw", "csv: do not prefix cells that a spreadsheet would run as formulas").option("--absolute", "table: show local date and time instead of relative time");
}
function parseFormat(flags) {
  if (flags.json && flags.format !== void 0 && flags.format !== "json") {
    throw new UsageError(`--json and --format ${flags.format} disagree`, "give one of them");
  }
  if (flags.json) return "json";
  if (flags.format === void 0) return void 0;
  const format = flags.format.toLowerCase();
  if (FORMATS.includes(format)) return format;
  throw new UsageError(`unknown format "${flags.format}"`, `use one of: ${FORMATS.join(", ")}`);
}
var MAX_LIMIT = 1e7;
function parseLimit(value) {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > MAX_LIMIT) {
    throw new UsageError(
      `invalid --limit "${value}"`,
      `give a whole number from 1 to ${MAX_LIMIT.toLocaleString("en-US")}, or --all`
    );
  }
  return Number(value);
}

// src/commands/filter.ts
function filterCommand() {
  const command = new Command("filter").description("filter an NDJSON stream of events (an export) with the filters of list, without any store").option("--file <path|->", "read events from this NDJSON file (- or no --file: stdin)").option("--skip-invalid", "leave out lines that are not valid events, and say how many on stderr");
  addFilterOptions(command);
  addFormatOptions(command);
  return command.addHelpText(
    "after",
    `
Examples:
  activity filter --action delete --type cluster --file events.ndjson
  activity list --all --format ndjson | activity filter --user "Jane Doe" --since 7d --format csv > jane.csv
  zcat audit-2026-11.ndjson.gz | activity filter --search gateway --skip-invalid --format ndjson`
  );
}
function parseFilterOptions(flags, now) {
  return {
    filter: parseFilter(flags, now),
    file: flags.file,
    skipInvalid: flags.skipInvalid === true,
    format: parseFormat(flags),
    csvRaw: flags.csvRaw === true,
    absolute: flags.absolute === true
  };
}
async function runFilter(ctx, options) {
  const { stream, close } = openInput(ctx, options);
  const problems = new ProblemList();
  const matching = () => filterEventStream(stream, options.filter, ctx.now, (p) => problems.add(p.line, p.message));
  const encoder = new TextEncoder();
  try {
    await writeEvents(
      ctx.out,
      {
        events: matching,
        json: async function* () {
          for await (const page of matching()) yield page.map((e) => encoder.encode(toJson(e)));
        }
      },
      {
        format: options.format ?? defaultFormat(ctx.out),
        now: ctx.now,
        csvRaw: options.csvRaw,
        absolute: options.absolute
      }
    );
  } finally {
    close();
  }
  if (options.skipInvalid) {
    const n = problems.count;
    if (n > 0) ctx.out.message(`Skipped ${formatCount(n)} invalid line${n === 1 ? "" : "s"}.`);
    return;
  }
  problems.throwIfAny("the other lines were filtered", "fix the lines named, or add --skip-invalid to leave them out");
}
function openInput(ctx, options) {
  const stdin = { stream: ctx.io.stdin, close: () => {
  } };
  if (options.file === "-") return stdin;
  if (options.file === void 0) {
    if (ctx.io.stdin.isTTY) {
      throw new UsageError(
        "no events to filter: pipe NDJSON into activity filter, or give --file",
        "e.g. activity list --all --format ndjson | activity filter --type cluster; to query the store, use activity list"
      );
    }
    return stdin;
  }
  const { fd } = openInputFile(options.file);
  return {
    stream: (0, import_node_fs2.createReadStream)("", { fd, autoClose: false, highWaterMark: 64 * 1024 }),
    close: () => (0, import_node_fs2.closeSync)(fd)
  };
}

// src/commands/last-activity.ts
init_filter();

// src/output/card.ts
function renderLastActivityCard(events, options) {
  const c = options.chalk;
  const title = `${c.bold("Last Activity")}
`;
  if (events.length === 0) {
    return `${title}No activity recorded yet.
${c.dim("Record one: activity record --action create --type project --name demo --user 'Jane Doe'")}
`;
  }
  return `${title}${renderEventTable(events, { ...options, header: false })}${c.dim("View all: activity list")}
`;
}

// src/commands/last-activity.ts
var CARD_SIZE = 5;
async function runLastActivity(ctx) {
  const store = await ctx.store("read");
  const events = [];
  for await (const page of store.query({ filter: emptyFilter(), order: "newest", limit: CARD_SIZE })) {
    events.push(...page);
  }
  await ctx.out.write(
    renderLastActivityCard(events, {
      chalk: ctx.out.chalk,
      now: ctx.now,
      ...ctx.out.columns === void 0 ? {} : { columns: ctx.out.columns }
    })
  );
  await ctx.out.flush();
}

// src/commands/list.ts
init_errors();

// src/commands/cursor-file.ts
var import_node_fs3 = require("node:fs");
var import_node_path = require("node:path");
init_errors();
var CursorFile = class {
  constructor(path) {
    this.path = path;
  }
  /** The stored seq; undefined when the file does not exist yet ("from the beginning"). */
  read() {
    let text2;
    try {
      text2 = (0, import_node_fs3.readFileSync)(this.path, "utf8");
    } catch (error) {
      const code = error.code;
      if (code === "ENOENT") {
        this.checkWritable();
        return void 0;
      }
      const why = code === "EISDIR" ? "it is a directory" : error.message;
      throw new UsageError(`cannot read cursor file ${this.path}: ${why}`, "give the path of a file");
    }
    const seq = text2.trim();
    if (!/^\d{1,15}$/.test(seq)) {
      throw new UsageError(
        `cursor file ${this.path} is corrupt: expected a seq number, found ${JSON.stringify(text2.slice(0, 40))}`,
        "fix it, or delete it to export from the beginning"
      );
    }
    this.checkWritable();
    return Number(seq);
  }
  /** A cursor beyond the store's last seq belongs to another store, or to one since emptied. */
  checkWithin(seq, head) {
    if (seq > head) {
      throw new UsageError(
        `cursor file ${this.path} is at seq ${seq}, past the end of the store (seq ${head})`,
        "is it the cursor of another store? delete it to start from the beginning"
      );
    }
  }
  /** Fails before any output when the cursor could not be saved afterwards. */
  checkWritable() {
    const dir = (0, import_node_path.dirname)(this.path);
    try {
      if (!(0, import_node_fs3.statSync)(dir).isDirectory()) throw new Error("not a directory");
    } catch {
      throw new UsageError(`cannot write cursor file ${this.path}: no directory ${dir}`, "create it first");
    }
  }
  write(seq) {
    const temp = (0, import_node_path.join)((0, import_node_path.dirname)(this.path), `.${(0, import_node_path.basename)(this.path)}.${process.pid}.tmp`);
    try {
      const fd = (0, import_node_fs3.openSync)(temp, "w", 420);
      try {
        (0, import_node_fs3.writeSync)(fd, `${seq}
`);
        (0, import_node_fs3.fsyncSync)(fd);
      } finally {
        (0, import_node_fs3.closeSync)(fd);
      }
      (0, import_node_fs3.renameSync)(temp, this.path);
    } catch (error) {
      (0, import_node_fs3.rmSync)(temp, { force: true });
      throw new UsageError(`cannot write cursor file ${this.path}: ${error.message}`);
    }
  }
};

// src/commands/list.ts
var DEFAULT_LIMIT = 50;
function listCommand() {
  const command = new Command("list").description("list the events that match the filters, newest first").option("--limit <n>", `show at most n events (default ${DEFAULT_LIMIT})`).option("--all", "show every matching event").option("--reverse", "oldest first").option("--exit-status", "exit 1 when nothing matched").option(
    "--cursor-file <path>",
    "incremental export: only events after the seq saved in this file, which then moves"
  );
  addFilterOptions(command);
  addFormatOptions(command);
  return command.addHelpText(
    "after",
    `
Examples:
  activity list --user "Jane Doe" --action delete --type cluster --since 7d
  activity list --search gateway --since yesterday --absolute
  activity list --since 24h --all --format ndjson > events.ndjson
  activity list --type "node pools" --format csv --limit 500 > pools.csv
  activity list --format ndjson --cursor-file export.cursor >> events.ndjson`
  );
}
function parseListOptions(flags, now) {
  if (flags.cursorFile !== void 0 && flags.reverse) {
    throw new UsageError("--reverse cannot be combined with --cursor-file", "a cursor export is in seq order");
  }
  const defaultLimit = flags.cursorFile === void 0 ? DEFAULT_LIMIT : void 0;
  return {
    filter: parseFilter(flags, now),
    limit: flags.all ? void 0 : flags.limit === void 0 ? defaultLimit : parseLimit(flags.limit),
    oldestFirst: flags.reverse === true,
    format: parseFormat(flags),
    csvRaw: flags.csvRaw === true,
    absolute: flags.absolute === true,
    exitStatus: flags.exitStatus === true,
    cursorFile: flags.cursorFile
  };
}
async function* upTo(pages, limit, cut) {
  let count = 0;
  for await (const page of pages) {
    if (limit !== void 0 && count + page.length > limit) {
      cut.more = true;
      yield page.slice(0, limit - count);
      return;
    }
    count += page.length;
    yield page;
  }
}
async function runList(ctx, options) {
  if (options.cursorFile !== void 0) return runCursorExport(ctx, options, new CursorFile(options.cursorFile));
  const store = await ctx.store("read");
  const format = options.format ?? defaultFormat(ctx.out);
  const cut = { more: false };
  const query = {
    filter: options.filter,
    order: options.oldestFirst ? "oldest" : "newest",
    ...options.limit === void 0 ? {} : { limit: options.limit + 1 }
  };
  const shown = await writeEvents(ctx.out, limited(store, query, options.limit, cut), {
    format,
    now: ctx.now,
    csvRaw: options.csvRaw,
    absolute: options.absolute
  });
  if (cut.more) {
    const total = await store.count(options.filter);
    ctx.out.message(`Showing ${formatCount(shown)} of ${formatCount(total)} events. Use --limit or --all for more.`);
  } else if (shown === 0 && format === "table") {
    ctx.out.message("No events match.");
  }
  if (shown === 0 && options.exitStatus) throw new NoMatchError("no events matched");
}
function limited(store, query, limit, cut) {
  return {
    events: () => upTo(store.query(query), limit, cut),
    json: () => upTo(store.queryJson(query), limit, cut)
  };
}
async function runCursorExport(ctx, options, cursor) {
  const after = cursor.read() ?? 0;
  const store = await ctx.store("read");
  const head = (await store.head())?.seq ?? 0;
  cursor.checkWithin(after, head);
  const format = options.format ?? defaultFormat(ctx.out);
  const cut = { more: false };
  const query = { filter: options.filter, order: "seq", afterSeq: after, throughSeq: head };
  const shown = await writeEvents(
    ctx.out,
    limited(
      store,
      { ...query, ...options.limit === void 0 ? {} : { limit: options.limit + 1 } },
      options.limit,
      cut
    ),
    { format, now: ctx.now, csvRaw: options.csvRaw, absolute: options.absolute }
  );
  let last = head;
  if (cut.more) {
    for await (const page of store.query({ ...query, limit: shown })) last = page.at(-1)?.seq ?? last;
  }
  await ctx.out.settle();
  cursor.write(last);
  if (cut.more) ctx.out.message(`Stopped at --limit ${formatCount(shown)}: the next run continues after seq ${last}.`);
  if (shown === 0 && options.exitStatus) throw new NoMatchError("no new events matched");
}

// src/commands/record.ts
var import_node_fs5 = require("node:fs");
init_chain();
init_errors();
init_event();
init_filter();
init_resource_types();
init_time();

// src/ingest/parse-events.ts
var import_node_fs4 = require("node:fs");

// src/ingest/protocol.ts
var CONSUMED = "consumed";
var CHUNK_BYTES = 64 * 1024;
var MAX_AHEAD = 8;

// src/ingest/parse-events.ts
var WORKER_ABOVE = 1024 * 1024;
var YOUNG_GENERATION_MB = 8;
async function* parseEventStream(source, options) {
  const setup = { now: options.now, head: options.head };
  if ("fd" in source) {
    if (source.size > WORKER_ABOVE) {
      yield* parseInWorker({ ...setup, fd: source.fd });
    } else {
      const stream = (0, import_node_fs4.createReadStream)("", { fd: source.fd, autoClose: false, highWaterMark: CHUNK_BYTES });
      yield* parseEventLines(readLines(stream), options.now);
    }
    return;
  }
  const iterator = source.stream[Symbol.asyncIterator]();
  const start = [];
  let bytes = 0;
  while (bytes <= WORKER_ABOVE) {
    const next = await iterator.next();
    if (next.done) {
      yield* parseEventLines(readLines(start), options.now);
      return;
    }
    start.push(next.value);
    bytes += next.value.length;
  }
  yield* parseInWorker(setup, { start, rest: iterator });
}
async function* parseInWorker(setup, input) {
  const { Worker } = process.getBuiltinModule("node:worker_threads");
  const worker = new Worker(new URL("./ingest-worker.cjs", __importMetaUrl), {
    workerData: setup,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
  });
  const send = (message, transfer) => worker.postMessage(message, transfer);
  const results = [];
  let failure;
  const resultsChanged = new Signal();
  worker.on("message", (message) => {
    results.push(message);
    resultsChanged.notify();
  });
  worker.on("error", (error) => {
    failure ??= error;
    resultsChanged.notify();
  });
  worker.on("exit", (code) => {
    failure ??= new Error(`the parse worker stopped (exit code ${code})`);
    resultsChanged.notify();
  });
  let inFlight = 0;
  let stopped = false;
  const inFlightChanged = new Signal();
  if (input !== void 0) {
    const post = (chunk) => {
      inFlight++;
      const owned = new Uint8Array(chunk);
      send(owned, [owned.buffer]);
    };
    const feed = async () => {
      for (const chunk of input.start) post(chunk);
      for (; ; ) {
        while (inFlight >= MAX_AHEAD && !stopped) await inFlightChanged.wait();
        if (stopped) return;
        const next = await input.rest.next();
        if (stopped) return;
        if (next.done) break;
        post(next.value);
      }
      send(null);
    };
    feed().catch((error) => {
      failure ??= error;
      resultsChanged.notify();
    });
  }
  try {
    for (; ; ) {
      while (results.length === 0 && failure === void 0) await resultsChanged.wait();
      const items = results.shift();
      if (items === void 0) throw failure;
      if (items === null) return;
      send(CONSUMED);
      inFlight--;
      inFlightChanged.notify();
      yield decodeItems(items);
    }
  } finally {
    stopped = true;
    inFlightChanged.notify();
    worker.removeAllListeners("exit");
    await worker.terminate();
    await input?.rest.return?.();
  }
}

// src/output/prompt.ts
var import_node_module = require("node:module");
init_errors();
async function interruptible(ask) {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof Error && error.name === "ExitPromptError") {
      throw new InterruptedError("interrupted; nothing was written");
    }
    throw error;
  }
}
var loadInquirer = () => (0, import_node_module.createRequire)(__importMetaUrl)("@inquirer/prompts");
function terminalPrompter() {
  let inquirer;
  const prompts = () => {
    inquirer ??= loadInquirer();
    return inquirer;
  };
  return {
    async select(message, choices) {
      const { select } = prompts();
      return interruptible(() => select({ message, choices: [...choices], pageSize: 15 }));
    },
    async input(message, validate, initial) {
      const { input } = prompts();
      return interruptible(
        () => input({ message, ...validate ? { validate } : {}, ...initial === void 0 ? {} : { default: initial } })
      );
    }
  };
}

// src/commands/record.ts
var REQUIRED = ["action", "type", "name", "user"];
var FIELD_FLAGS = ["action", "type", "name", "user", "account", "resourceId", "id", "at", "details"];
function recordCommand() {
  const command = new Command("record").description("record one event from flags, or every event of an NDJSON file").option("--action <action>", `what was done: ${ACTIONS.join(", ")}`).option("--type <type>", `resource type: ${RESOURCE_TYPES.join(", ")}`).option("--name <name>", "resource name").option("--user <full name>", `who did it (default: $ACTIVITY_USER, then the config's "user")`).option("--account <name>", "the account the resource belongs to").option("--resource-id <id>", "stable id of the resource").option("--id <id>", "event id; recording the same id and content again changes nothing").option("--at <time>", 'when it happened (default: now): 2026-11-25T17:37:02Z, "5 minutes ago", \u2026').option("--details <json>", `a JSON object, e.g. '{"replicas":{"from":2,"to":3}}'`).option("--file <path|->", "record every event of an NDJSON file (- for stdin), all or nothing");
  addFormatOptions(command);
  return command.addHelpText(
    "after",
    `
Examples:
  activity record --action create --type cluster --name prod-eu-1 --account acme --user "Jane Doe"
  activity record --action update --type service --name api --details '{"replicas":{"from":2,"to":3}}'
  activity record --id "ci-$CI_PIPELINE_ID-deploy" --action create --type deployment --name api-v42 --user "CI Bot"
  activity list --all --format ndjson | activity record --file - --store backup.db`
  );
}
function parseRecordOptions(flags) {
  const format = parseFormat(flags);
  if (flags.file !== void 0) {
    const mixed = FIELD_FLAGS.filter((field) => flags[field] !== void 0);
    if (mixed.length > 0) {
      throw new UsageError(
        `--file cannot be combined with ${mixed.map(flagName).join(", ")}`,
        "put those fields in the NDJSON lines, or record from flags without --file"
      );
    }
    return { source: "file", path: flags.file, format };
  }
  const fields = {};
  for (const field of FIELD_FLAGS) if (flags[field] !== void 0) fields[field] = flags[field];
  return { source: "flags", fields, format };
}
var flagName = (field) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
async function runRecord(ctx, options) {
  if (options.source === "file") return recordFile(ctx, options.path, options.format);
  const event = await eventFromFlags(ctx, options.fields);
  const store = await ctx.store("write");
  let summary;
  try {
    summary = await store.record([[{ line: 1, event }]]);
  } catch (error) {
    if (error instanceof InvalidInputError && error.problems[0]) {
      throw new UsageError(error.problems[0].message, "give a new --id, or the same content as before");
    }
    throw error;
  }
  await report(ctx, summary, options.format);
}
async function eventFromFlags(ctx, given) {
  const fields = { ...given };
  fields.user ??= ctx.io.env.ACTIVITY_USER || ctx.config.user;
  const missing = REQUIRED.filter((field) => fields[field] === void 0 || fields[field] === "");
  toEventInput(fields, ctx.now);
  if (fields.action !== void 0) parseAction(fields.action);
  if (fields.type !== void 0) parseResourceType(fields.type);
  if (missing.length > 0) {
    if (!ctx.canPrompt) {
      throw new UsageError(
        `missing ${missing.map(flagName).join(", ")}`,
        "give them as flags (run on a terminal without --no-input to be asked)"
      );
    }
    await askFor(missing, fields);
  }
  return validateEvent(toEventInput(fields, ctx.now), ctx.now);
}
function toEventInput(fields, now) {
  let details;
  if (fields.details !== void 0) {
    try {
      details = JSON.parse(fields.details);
    } catch (error) {
      throw new UsageError(`--details is not valid JSON: ${error.message}`, "give a JSON object");
    }
  }
  return {
    action: fields.action,
    type: fields.type,
    name: fields.name,
    user: fields.user,
    account: fields.account,
    resourceId: fields.resourceId,
    id: fields.id,
    time: fields.at === void 0 ? void 0 : formatIsoTime(parseTime(fields.at, now)),
    details
  };
}
async function askFor(missing, fields) {
  const prompter = terminalPrompter();
  const notBlank = (label) => (value) => value.trim() === "" ? `${label} cannot be blank` : true;
  for (const field of missing) {
    if (field === "action") {
      fields.action = await prompter.select(
        "Action",
        ACTIONS.map((a) => ({ value: a, name: a[0]?.toUpperCase() + a.slice(1) }))
      );
    } else if (field === "type") {
      fields.type = await prompter.select(
        "Resource type",
        RESOURCE_TYPES.map((t) => ({ value: t, name: TYPE_LABELS[t] }))
      );
    } else if (field === "name") {
      fields.name = await prompter.input("Resource name", notBlank("the name"));
    } else {
      fields.user = await prompter.input("Your full name", notBlank("the name"));
    }
  }
}
async function recordFile(ctx, path, format) {
  let source;
  let fd;
  if (path === "-") {
    source = { stream: ctx.io.stdin };
  } else {
    const opened = openInputFile(path);
    fd = opened.fd;
    source = opened.stat.isFile() ? { fd: opened.fd, size: opened.stat.size } : { stream: (0, import_node_fs5.createReadStream)("", { fd: opened.fd, autoClose: false }) };
  }
  try {
    const store = await ctx.store("write");
    const head = await store.head() ?? { seq: 0, hash: GENESIS_HASH };
    const summary = await store.record(parseEventStream(source, { now: ctx.now, head }));
    await report(ctx, summary, format);
  } finally {
    if (fd !== void 0) (0, import_node_fs5.closeSync)(fd);
  }
}
async function report(ctx, summary, format) {
  if (format !== void 0 && summary.firstSeq !== void 0 && summary.lastSeq !== void 0) {
    const store = await ctx.store("write");
    const query = {
      filter: emptyFilter(),
      order: "seq",
      afterSeq: summary.firstSeq - 1,
      throughSeq: summary.lastSeq
    };
    const source = { events: () => store.query(query), json: () => store.queryJson(query) };
    await writeEvents(ctx.out, source, { format, now: ctx.now });
  } else if (format === "json") {
    await ctx.out.write("[]\n");
    await ctx.out.flush();
  }
  const parts = [];
  if (summary.recorded > 0 || summary.unchanged === 0) {
    const range = summary.firstSeq === void 0 ? "" : summary.firstSeq === summary.lastSeq ? ` (seq ${summary.firstSeq})` : ` (seq ${formatCount(summary.firstSeq)}\u2013${formatCount(summary.lastSeq ?? 0)})`;
    parts.push(`Recorded ${formatCount(summary.recorded)} event${summary.recorded === 1 ? "" : "s"}${range}`);
  }
  if (summary.unchanged > 0) {
    parts.push(`${formatCount(summary.unchanged)} already recorded, left unchanged`);
  }
  if (format === void 0 || ctx.out.stderrIsTerminal) ctx.out.message(`${parts.join("; ")}.`);
}

// src/commands/tail.ts
init_errors();
var DEFAULT_COUNT = 10;
function tailCommand() {
  const command = new Command("tail").description("the latest events, oldest first; with -f, then every new event as it is recorded").option("-n, --lines <n>", `show the last n events (default ${DEFAULT_COUNT})`).option("-f, --follow", "keep printing new events as any process records them, until Ctrl-C").option("--cursor-file <path>", "start after the seq saved in this file, and save how far it got").option("--exit-status", "exit 1 when nothing matched (without --follow)");
  addFilterOptions(command);
  addFormatOptions(command);
  return command.addHelpText(
    "after",
    `
Examples:
  activity tail
  activity tail -f --type cluster,node-pool --account acme
  activity tail -f --format ndjson --cursor-file tail.cursor | ./alert-on-deletes
  activity tail -n 50 --action delete --absolute`
  );
}
function parseTailOptions(flags, now) {
  if (flags.follow && flags.exitStatus) {
    throw new UsageError("--exit-status cannot be combined with --follow", "a follower has no end to report on");
  }
  return {
    filter: parseFilter(flags, now),
    count: flags.lines === void 0 ? DEFAULT_COUNT : parseCount(flags.lines),
    follow: flags.follow === true,
    cursorFile: flags.cursorFile,
    format: parseFormat(flags),
    csvRaw: flags.csvRaw === true,
    absolute: flags.absolute === true,
    exitStatus: flags.exitStatus === true
  };
}
var parseCount = (value) => /^\s*0+\s*$/.test(value) ? 0 : parseLimit(value);
async function runTail(ctx, options) {
  const cursor = options.cursorFile === void 0 ? void 0 : new CursorFile(options.cursorFile);
  const after = cursor?.read();
  const store = await ctx.store("read");
  const head = (await store.head())?.seq ?? 0;
  if (after !== void 0) cursor?.checkWithin(after, head);
  const backlog = after === void 0 ? latest(store, options, head) : {
    events: () => store.query({ filter: options.filter, order: "seq", afterSeq: after, throughSeq: head }),
    json: () => store.queryJson({ filter: options.filter, order: "seq", afterSeq: after, throughSeq: head })
  };
  const format = options.format ?? defaultFormat(ctx.out);
  if (options.follow) return follow(ctx, store, backlog, { ...options, format }, cursor, head);
  const shown = await writeEvents(ctx.out, backlog, {
    format,
    now: ctx.now,
    csvRaw: options.csvRaw,
    absolute: options.absolute
  });
  await save(ctx, cursor, head);
  if (shown === 0 && options.exitStatus) throw new NoMatchError("no events matched");
}
async function follow(ctx, store, backlog, options, cursor, head) {
  const writer = new EventStreamWriter(ctx.out, options.format, options.csvRaw);
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  try {
    await writer.begin();
    for await (const page of backlog.events()) await writer.write(page);
    await save(ctx, cursor, head);
    let L=Date.now();
    for await (const step of store.follow(options.filter, head, stop.signal)) {
      const A=Date.now();
      await writer.write(step.events);
      const B=Date.now(); if (A-L>50||B-A>50) process.stderr.write(`got after ${A-L} ms, wrote in ${B-A} ms, ${step.events.length}\n`); L=Date.now();
      await save(ctx, cursor, step.through);
    }
    await writer.end();
  } finally {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
  }
  throw new QuietExit(ExitCode.interrupted);
}
async function save(ctx, cursor, seq) {
  if (cursor === void 0) return;
  await ctx.out.settle();
  cursor.write(seq);
}
function latest(store, options, head) {
  const newestFirst = async () => {
    const events = [];
    if (options.count === 0) return events;
    const query = { filter: options.filter, order: "newest", limit: options.count, throughSeq: head };
    for await (const page of store.query(query)) events.push(...page);
    return events;
  };
  const encoder = new TextEncoder();
  return {
    events: async function* () {
      yield (await newestFirst()).reverse();
    },
    json: async function* () {
      yield (await newestFirst()).reverse().map((e) => encoder.encode(toJson(e)));
    }
  };
}

// src/config.ts
var import_node_fs6 = require("node:fs");
var import_node_path2 = require("node:path");
init_errors();
var home = (env2) => env2.HOME || process.getBuiltinModule("node:os").homedir();
var configPath = (env2) => env2.ACTIVITY_CONFIG || (0, import_node_path2.join)(env2.XDG_CONFIG_HOME || (0, import_node_path2.join)(home(env2), ".config"), "activity", "config.json");
var defaultStorePath = (env2) => (0, import_node_path2.join)(env2.XDG_DATA_HOME || (0, import_node_path2.join)(home(env2), ".local", "share"), "activity", "activity.db");
var STRING_KEYS = ["store", "token", "user", "linkTemplate"];
function loadConfig(env2) {
  const path = configPath(env2);
  let text2;
  try {
    text2 = (0, import_node_fs6.readFileSync)(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return {};
    throw new UsageError(`cannot read config file ${path}: ${error.message}`, "fix or remove the file");
  }
  let value;
  try {
    value = JSON.parse(text2);
  } catch (error) {
    throw new UsageError(
      `config file ${path} is not valid JSON: ${error.message}`,
      "fix or remove the file"
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`config file ${path} must hold a JSON object`, "fix or remove the file");
  }
  const config = value;
  for (const key of STRING_KEYS) {
    if (config[key] !== void 0 && typeof config[key] !== "string") {
      throw new UsageError(`config file ${path}: "${key}" must be a string`, "fix or remove the file");
    }
  }
  return config;
}

// src/context.ts
init_errors();

// node_modules/chalk/source/vendor/ansi-styles/index.js
var ANSI_BACKGROUND_OFFSET = 10;
var wrapAnsi16 = (offset = 0) => (code) => `\x1B[${code + offset}m`;
var wrapAnsi256 = (offset = 0) => (code) => `\x1B[${38 + offset};5;${code}m`;
var wrapAnsi16m = (offset = 0) => (red, green, blue) => `\x1B[${38 + offset};2;${red};${green};${blue}m`;
var styles = {
  modifier: {
    reset: [0, 0],
    // 21 isn't widely supported and 22 does the same thing
    bold: [1, 22],
    dim: [2, 22],
    italic: [3, 23],
    underline: [4, 24],
    overline: [53, 55],
    inverse: [7, 27],
    hidden: [8, 28],
    strikethrough: [9, 29]
  },
  color: {
    black: [30, 39],
    red: [31, 39],
    green: [32, 39],
    yellow: [33, 39],
    blue: [34, 39],
    magenta: [35, 39],
    cyan: [36, 39],
    white: [37, 39],
    // Bright color
    blackBright: [90, 39],
    gray: [90, 39],
    // Alias of `blackBright`
    grey: [90, 39],
    // Alias of `blackBright`
    redBright: [91, 39],
    greenBright: [92, 39],
    yellowBright: [93, 39],
    blueBright: [94, 39],
    magentaBright: [95, 39],
    cyanBright: [96, 39],
    whiteBright: [97, 39]
  },
  bgColor: {
    bgBlack: [40, 49],
    bgRed: [41, 49],
    bgGreen: [42, 49],
    bgYellow: [43, 49],
    bgBlue: [44, 49],
    bgMagenta: [45, 49],
    bgCyan: [46, 49],
    bgWhite: [47, 49],
    // Bright color
    bgBlackBright: [100, 49],
    bgGray: [100, 49],
    // Alias of `bgBlackBright`
    bgGrey: [100, 49],
    // Alias of `bgBlackBright`
    bgRedBright: [101, 49],
    bgGreenBright: [102, 49],
    bgYellowBright: [103, 49],
    bgBlueBright: [104, 49],
    bgMagentaBright: [105, 49],
    bgCyanBright: [106, 49],
    bgWhiteBright: [107, 49]
  }
};
var modifierNames = Object.keys(styles.modifier);
var foregroundColorNames = Object.keys(styles.color);
var backgroundColorNames = Object.keys(styles.bgColor);
var colorNames = [...foregroundColorNames, ...backgroundColorNames];
function assembleStyles() {
  const codes = /* @__PURE__ */ new Map();
  for (const [groupName, group] of Object.entries(styles)) {
    for (const [styleName, style] of Object.entries(group)) {
      styles[styleName] = {
        open: `\x1B[${style[0]}m`,
        close: `\x1B[${style[1]}m`
      };
      group[styleName] = styles[styleName];
      codes.set(style[0], style[1]);
    }
    Object.defineProperty(styles, groupName, {
      value: group,
      enumerable: false
    });
  }
  Object.defineProperty(styles, "codes", {
    value: codes,
    enumerable: false
  });
  styles.color.close = "\x1B[39m";
  styles.bgColor.close = "\x1B[49m";
  styles.color.ansi = wrapAnsi16();
  styles.color.ansi256 = wrapAnsi256();
  styles.color.ansi16m = wrapAnsi16m();
  styles.bgColor.ansi = wrapAnsi16(ANSI_BACKGROUND_OFFSET);
  styles.bgColor.ansi256 = wrapAnsi256(ANSI_BACKGROUND_OFFSET);
  styles.bgColor.ansi16m = wrapAnsi16m(ANSI_BACKGROUND_OFFSET);
  Object.defineProperties(styles, {
    rgbToAnsi256: {
      value(red, green, blue) {
        if (red === green && green === blue) {
          if (red < 8) {
            return 16;
          }
          if (red > 248) {
            return 231;
          }
          return Math.round((red - 8) / 247 * 24) + 232;
        }
        return 16 + 36 * Math.round(red / 255 * 5) + 6 * Math.round(green / 255 * 5) + Math.round(blue / 255 * 5);
      },
      enumerable: false
    },
    hexToRgb: {
      value(hex) {
        const matches = /[a-f\d]{6}|[a-f\d]{3}/i.exec(hex.toString(16));
        if (!matches) {
          return [0, 0, 0];
        }
        let [colorString] = matches;
        if (colorString.length === 3) {
          colorString = [...colorString].map((character) => character + character).join("");
        }
        const integer = Number.parseInt(colorString, 16);
        return [
          /* eslint-disable no-bitwise */
          integer >> 16 & 255,
          integer >> 8 & 255,
          integer & 255
          /* eslint-enable no-bitwise */
        ];
      },
      enumerable: false
    },
    hexToAnsi256: {
      value: (hex) => styles.rgbToAnsi256(...styles.hexToRgb(hex)),
      enumerable: false
    },
    ansi256ToAnsi: {
      value(code) {
        if (code < 8) {
          return 30 + code;
        }
        if (code < 16) {
          return 90 + (code - 8);
        }
        let red;
        let green;
        let blue;
        if (code >= 232) {
          red = ((code - 232) * 10 + 8) / 255;
          green = red;
          blue = red;
        } else {
          code -= 16;
          const remainder = code % 36;
          red = Math.floor(code / 36) / 5;
          green = Math.floor(remainder / 6) / 5;
          blue = remainder % 6 / 5;
        }
        const value = Math.max(red, green, blue) * 2;
        if (value === 0) {
          return 30;
        }
        let result = 30 + (Math.round(blue) << 2 | Math.round(green) << 1 | Math.round(red));
        if (value === 2) {
          result += 60;
        }
        return result;
      },
      enumerable: false
    },
    rgbToAnsi: {
      value: (red, green, blue) => styles.ansi256ToAnsi(styles.rgbToAnsi256(red, green, blue)),
      enumerable: false
    },
    hexToAnsi: {
      value: (hex) => styles.ansi256ToAnsi(styles.hexToAnsi256(hex)),
      enumerable: false
    }
  });
  return styles;
}
var ansiStyles = assembleStyles();
var ansi_styles_default = ansiStyles;

// node_modules/chalk/source/vendor/supports-color/index.js
var import_node_process = __toESM(require("node:process"), 1);
var import_node_os = __toESM(require("node:os"), 1);
var import_node_tty = __toESM(require("node:tty"), 1);
function hasFlag(flag, argv = globalThis.Deno ? globalThis.Deno.args : import_node_process.default.argv) {
  const prefix = flag.startsWith("-") ? "" : flag.length === 1 ? "-" : "--";
  const position = argv.indexOf(prefix + flag);
  const terminatorPosition = argv.indexOf("--");
  return position !== -1 && (terminatorPosition === -1 || position < terminatorPosition);
}
var { env } = import_node_process.default;
var flagForceColor;
if (hasFlag("no-color") || hasFlag("no-colors") || hasFlag("color=false") || hasFlag("color=never")) {
  flagForceColor = 0;
} else if (hasFlag("color") || hasFlag("colors") || hasFlag("color=true") || hasFlag("color=always")) {
  flagForceColor = 1;
}
function envForceColor() {
  if ("FORCE_COLOR" in env) {
    if (env.FORCE_COLOR === "true") {
      return 1;
    }
    if (env.FORCE_COLOR === "false") {
      return 0;
    }
    return env.FORCE_COLOR.length === 0 ? 1 : Math.min(Number.parseInt(env.FORCE_COLOR, 10), 3);
  }
}
function translateLevel(level) {
  if (level === 0) {
    return false;
  }
  return {
    level,
    hasBasic: true,
    has256: level >= 2,
    has16m: level >= 3
  };
}
function _supportsColor(haveStream, { streamIsTTY, sniffFlags = true } = {}) {
  const noFlagForceColor = envForceColor();
  if (noFlagForceColor !== void 0) {
    flagForceColor = noFlagForceColor;
  }
  const forceColor = sniffFlags ? flagForceColor : noFlagForceColor;
  if (forceColor === 0) {
    return 0;
  }
  if (sniffFlags) {
    if (hasFlag("color=16m") || hasFlag("color=full") || hasFlag("color=truecolor")) {
      return 3;
    }
    if (hasFlag("color=256")) {
      return 2;
    }
  }
  if ("TF_BUILD" in env && "AGENT_NAME" in env) {
    return 1;
  }
  if (haveStream && !streamIsTTY && forceColor === void 0) {
    return 0;
  }
  const min = forceColor || 0;
  if (env.TERM === "dumb") {
    return min;
  }
  if (import_node_process.default.platform === "win32") {
    const osRelease = import_node_os.default.release().split(".");
    if (Number(osRelease[0]) >= 10 && Number(osRelease[2]) >= 10586) {
      return Number(osRelease[2]) >= 14931 ? 3 : 2;
    }
    return 1;
  }
  if ("CI" in env) {
    if (["GITHUB_ACTIONS", "GITEA_ACTIONS", "CIRCLECI"].some((key) => key in env)) {
      return 3;
    }
    if (["TRAVIS", "APPVEYOR", "GITLAB_CI", "BUILDKITE", "DRONE"].some((sign) => sign in env) || env.CI_NAME === "codeship") {
      return 1;
    }
    return min;
  }
  if ("TEAMCITY_VERSION" in env) {
    return /^(9\.(0*[1-9]\d*)\.|\d{2,}\.)/.test(env.TEAMCITY_VERSION) ? 1 : 0;
  }
  if (env.COLORTERM === "truecolor") {
    return 3;
  }
  if (env.TERM === "xterm-kitty") {
    return 3;
  }
  if (env.TERM === "xterm-ghostty") {
    return 3;
  }
  if (env.TERM === "wezterm") {
    return 3;
  }
  if ("TERM_PROGRAM" in env) {
    const version = Number.parseInt((env.TERM_PROGRAM_VERSION || "").split(".")[0], 10);
    switch (env.TERM_PROGRAM) {
      case "iTerm.app": {
        return version >= 3 ? 3 : 2;
      }
      case "Apple_Terminal": {
        return 2;
      }
    }
  }
  if (/-256(color)?$/i.test(env.TERM)) {
    return 2;
  }
  if (/^screen|^xterm|^vt100|^vt220|^rxvt|color|ansi|cygwin|linux/i.test(env.TERM)) {
    return 1;
  }
  if ("COLORTERM" in env) {
    return 1;
  }
  return min;
}
function createSupportsColor(stream, options = {}) {
  const level = _supportsColor(stream, {
    streamIsTTY: stream && stream.isTTY,
    ...options
  });
  return translateLevel(level);
}
var supportsColor = {
  stdout: createSupportsColor({ isTTY: import_node_tty.default.isatty(1) }),
  stderr: createSupportsColor({ isTTY: import_node_tty.default.isatty(2) })
};
var supports_color_default = supportsColor;

// node_modules/chalk/source/utilities.js
function stringReplaceAll(string, substring, replacer) {
  let index = string.indexOf(substring);
  if (index === -1) {
    return string;
  }
  const substringLength = substring.length;
  let endIndex = 0;
  let returnValue = "";
  do {
    returnValue += string.slice(endIndex, index) + substring + replacer;
    endIndex = index + substringLength;
    index = string.indexOf(substring, endIndex);
  } while (index !== -1);
  returnValue += string.slice(endIndex);
  return returnValue;
}
function stringEncaseCRLFWithFirstIndex(string, prefix, postfix, index) {
  let endIndex = 0;
  let returnValue = "";
  do {
    const gotCR = string[index - 1] === "\r";
    returnValue += string.slice(endIndex, gotCR ? index - 1 : index) + prefix + (gotCR ? "\r\n" : "\n") + postfix;
    endIndex = index + 1;
    index = string.indexOf("\n", endIndex);
  } while (index !== -1);
  returnValue += string.slice(endIndex);
  return returnValue;
}

// node_modules/chalk/source/index.js
var { stdout: stdoutColor, stderr: stderrColor } = supports_color_default;
var GENERATOR = Symbol("GENERATOR");
var STYLER = Symbol("STYLER");
var IS_EMPTY = Symbol("IS_EMPTY");
var levelMapping = [
  "ansi",
  "ansi",
  "ansi256",
  "ansi16m"
];
var styles2 = /* @__PURE__ */ Object.create(null);
var applyOptions = (object, options = {}) => {
  if (options.level && !(Number.isInteger(options.level) && options.level >= 0 && options.level <= 3)) {
    throw new Error("The `level` option should be an integer from 0 to 3");
  }
  const colorLevel = stdoutColor ? stdoutColor.level : 0;
  object.level = options.level === void 0 ? colorLevel : options.level;
};
var Chalk = class {
  constructor(options) {
    return chalkFactory(options);
  }
};
var chalkFactory = (options) => {
  const chalk2 = (...strings) => strings.join(" ");
  applyOptions(chalk2, options);
  Object.setPrototypeOf(chalk2, createChalk.prototype);
  return chalk2;
};
function createChalk(options) {
  return chalkFactory(options);
}
Object.setPrototypeOf(createChalk.prototype, Function.prototype);
for (const [styleName, style] of Object.entries(ansi_styles_default)) {
  styles2[styleName] = {
    get() {
      const builder = createBuilder(this, createStyler(style.open, style.close, this[STYLER]), this[IS_EMPTY]);
      Object.defineProperty(this, styleName, { value: builder });
      return builder;
    }
  };
}
styles2.visible = {
  get() {
    const builder = createBuilder(this, this[STYLER], true);
    Object.defineProperty(this, "visible", { value: builder });
    return builder;
  }
};
var getModelAnsi = (model, level, type, ...arguments_) => {
  if (model === "rgb") {
    if (level === "ansi16m") {
      return ansi_styles_default[type].ansi16m(...arguments_);
    }
    if (level === "ansi256") {
      return ansi_styles_default[type].ansi256(ansi_styles_default.rgbToAnsi256(...arguments_));
    }
    return ansi_styles_default[type].ansi(ansi_styles_default.rgbToAnsi(...arguments_));
  }
  if (model === "hex") {
    return getModelAnsi("rgb", level, type, ...ansi_styles_default.hexToRgb(...arguments_));
  }
  return ansi_styles_default[type][model](...arguments_);
};
var usedModels = ["rgb", "hex", "ansi256"];
for (const model of usedModels) {
  styles2[model] = {
    get() {
      const { level } = this;
      return function(...arguments_) {
        const styler = createStyler(getModelAnsi(model, levelMapping[level], "color", ...arguments_), ansi_styles_default.color.close, this[STYLER]);
        return createBuilder(this, styler, this[IS_EMPTY]);
      };
    }
  };
  const bgModel = "bg" + model[0].toUpperCase() + model.slice(1);
  styles2[bgModel] = {
    get() {
      const { level } = this;
      return function(...arguments_) {
        const styler = createStyler(getModelAnsi(model, levelMapping[level], "bgColor", ...arguments_), ansi_styles_default.bgColor.close, this[STYLER]);
        return createBuilder(this, styler, this[IS_EMPTY]);
      };
    }
  };
}
var proto = Object.defineProperties(() => {
}, {
  ...styles2,
  level: {
    enumerable: true,
    get() {
      return this[GENERATOR].level;
    },
    set(level) {
      this[GENERATOR].level = level;
    }
  }
});
var createStyler = (open, close, parent) => {
  let openAll;
  let closeAll;
  if (parent === void 0) {
    openAll = open;
    closeAll = close;
  } else {
    openAll = parent.openAll + open;
    closeAll = close + parent.closeAll;
  }
  return {
    open,
    close,
    openAll,
    closeAll,
    parent
  };
};
var createBuilder = (self, _styler, _isEmpty) => {
  const builder = (...arguments_) => applyStyle(builder, arguments_.length === 1 ? "" + arguments_[0] : arguments_.join(" "));
  Object.setPrototypeOf(builder, proto);
  builder[GENERATOR] = self;
  builder[STYLER] = _styler;
  builder[IS_EMPTY] = _isEmpty;
  return builder;
};
var applyStyle = (self, string) => {
  if (self.level <= 0 || !string) {
    return self[IS_EMPTY] ? "" : string;
  }
  let styler = self[STYLER];
  if (styler === void 0) {
    return string;
  }
  const { openAll, closeAll } = styler;
  if (string.includes("\x1B")) {
    while (styler !== void 0) {
      string = stringReplaceAll(string, styler.close, styler.open);
      styler = styler.parent;
    }
  }
  const lfIndex = string.indexOf("\n");
  if (lfIndex !== -1) {
    string = stringEncaseCRLFWithFirstIndex(string, closeAll, openAll, lfIndex);
  }
  return openAll + string + closeAll;
};
Object.defineProperties(createChalk.prototype, styles2);
var chalk = createChalk();
var chalkStderr = createChalk({ level: stderrColor ? stderrColor.level : 0 });

// src/output/io.ts
function colorEnabled(mode, env2, stdoutIsTerminal) {
  if (mode === "always") return true;
  if (mode === "never") return false;
  if (env2.NO_COLOR) return false;
  if (env2.FORCE_COLOR !== void 0 && env2.FORCE_COLOR !== "") return env2.FORCE_COLOR !== "0";
  return stdoutIsTerminal;
}
var OutputClosedError = class extends Error {
};
var FLUSH_AT = 64 * 1024;
var Output = class {
  constructor(io, color) {
    this.io = io;
    this.stdoutIsTerminal = io.stdout.isTTY === true;
    this.stderrIsTerminal = io.stderr.isTTY === true;
    this.columns = this.stdoutIsTerminal ? io.stdout.columns : void 0;
    this.color = colorEnabled(color, io.env, this.stdoutIsTerminal);
    this.chalk = new Chalk({ level: this.color ? 1 : 0 });
    io.stdout.on("error", (error) => {
      if (error.code !== "EPIPE") throw error;
      this.closed = true;
    });
  }
  chalk;
  color;
  stdoutIsTerminal;
  stderrIsTerminal;
  columns;
  /** Data not yet handed to stdout: text and bytes, in order. */
  pending = [];
  pendingLength = 0;
  closed = false;
  /** Queues data for stdout; resolves once it is accepted, so long exports stay in flat memory. */
  async write(data) {
    this.pending.push(data);
    this.pendingLength += data.length;
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }
  async flush() {
    if (this.closed) throw new OutputClosedError();
    if (this.pending.length === 0) return;
    const stdout = this.io.stdout;
    let accepted = true;
    for (const chunk of this.pending) accepted = stdout.write(chunk);
    this.pending = [];
    this.pendingLength = 0;
    const T0=Date.now();
    if (!accepted) {
      await new Promise((resolve) => {
        const done = () => {
          stdout.off("drain", done);
          stdout.off("error", done);
          stdout.off("close", done);
          resolve();
        };
        stdout.on("drain", done);
        stdout.on("error", done);
        stdout.on("close", done);
      });
    } else {
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (Date.now()-T0>20) process.stderr.write(`flush waited ${Date.now()-T0} ms accepted=${accepted}\n`);
    if (this.closed) throw new OutputClosedError();
  }
  /**
   * Flushes, then waits until stdout has taken everything written: only then may a
   * cursor move past it. A closed or failed stdout throws OutputClosedError.
   */
  async settle() {
    await this.flush();
    await new Promise((resolve, reject) => {
      this.io.stdout.write("", (error) => error ? reject(new OutputClosedError()) : resolve());
    });
    if (this.closed) throw new OutputClosedError();
  }
  /** A notice, hint or summary for people: stderr, never mixed into data. */
  message(text2) {
    this.io.stderr.write(`${sanitize(text2)}
`);
  }
};

// src/store/open.ts
init_errors();
var resolveStoreLocation = (given, env2, configured) => given || env2.ACTIVITY_STORE || configured || defaultStorePath(env2);
async function openStore(location, mode) {
  if (/^postgres(ql)?:\/\//i.test(location) || /^https?:\/\//i.test(location)) {
    throw new StoreError(
      `this build of activity cannot open ${location.replace(/\/\/[^@/]*@/, "//\u2026@")} yet`,
      "use a SQLite store path (the PostgreSQL and remote stores are coming)"
    );
  }
  const path = location.startsWith("file:") ? location.slice("file:".length) : location;
  const { SqliteStore: SqliteStore2 } = await Promise.resolve().then(() => (init_sqlite(), sqlite_exports));
  return SqliteStore2.open(path, mode);
}

// src/context.ts
var Context = class {
  constructor(io, options, now = Date.now()) {
    this.io = io;
    this.options = options;
    this.out = new Output(io, options.color);
    this.now = now;
  }
  out;
  /** One instant per run, so every relative time and every "7d" agree. */
  now;
  loadedConfig;
  opened;
  get config() {
    this.loadedConfig ??= loadConfig(this.io.env);
    return this.loadedConfig;
  }
  /** Prompts only when someone can answer them: both ends a terminal, and not --no-input. */
  get canPrompt() {
    return this.options.input && this.io.stdin.isTTY === true && this.io.stdout.isTTY === true;
  }
  async store(mode) {
    if (!this.opened) {
      const location = resolveStoreLocation(this.options.store, this.io.env, this.config.store);
      this.opened = await openStore(location, mode);
    }
    return this.opened;
  }
  async close() {
    await this.opened?.close();
    this.opened = void 0;
  }
};
var parseColorMode = (value) => {
  if (value === "auto" || value === "always" || value === "never") return value;
  throw new UsageError(`invalid --color "${value}"`, "use auto, always or never");
};

// src/cli.ts
init_errors();
init_suggest();
var VERSION = true ? "dev" : "0.0.0-dev";
function buildProgram(run) {
  const program2 = new Command("activity").description("the platform's audit log: who created, updated or deleted which resource, and when").version(VERSION, "--version", "print the version").option(
    "--store <path|url>",
    "the activity store (default: $ACTIVITY_STORE, the config, or ~/.local/share/activity/activity.db)"
  ).option("--token <token>", "token for a remote store (default: $ACTIVITY_TOKEN, then the config)").addOption(new Option("--color <when>", "colour: auto, always or never").default("auto")).option("--no-input", "never prompt; fail instead when something is missing").option("--debug", "print stack traces on errors").helpOption("-h, --help", "show help").allowExcessArguments(true).showSuggestionAfterError(true).addHelpText(
    "after",
    `
Examples:
  activity                                    the Last Activity card
  activity list --user "Jane Doe" --action delete --type cluster --since 7d
  activity record --action create --type cluster --name prod-eu-1 --user "Jane Doe"
  activity list --since 24h --all --format ndjson > events.ndjson`
  );
  program2.action(
    (_flags, command) => run(command, async (ctx, _f, args) => {
      if (args.length > 0) {
        const guess = closest(
          args[0] ?? "",
          program2.commands.map((c) => c.name())
        );
        throw new UsageError(
          `unknown command "${args[0]}"`,
          `${guess ? `did you mean "${guess}"? ` : ""}see activity --help`
        );
      }
      await runLastActivity(ctx);
    })
  );
  program2.addCommand(
    recordCommand().action(
      (_flags, command) => run(command, (ctx, flags) => runRecord(ctx, parseRecordOptions(flags)))
    )
  );
  program2.addCommand(
    listCommand().action(
      (_flags, command) => run(command, (ctx, flags) => runList(ctx, parseListOptions(flags, ctx.now)))
    )
  );
  program2.addCommand(
    filterCommand().action(
      (_flags, command) => run(command, (ctx, flags) => runFilter(ctx, parseFilterOptions(flags, ctx.now)))
    )
  );
  program2.addCommand(
    tailCommand().action(
      (_flags, command) => run(command, (ctx, flags) => runTail(ctx, parseTailOptions(flags, ctx.now)))
    )
  );
  for (const command of program2.commands) command.showHelpAfterError(false).allowExcessArguments(false);
  return program2;
}
function globalOptions(flags) {
  return {
    ...typeof flags.store === "string" ? { store: flags.store } : {},
    ...typeof flags.token === "string" ? { token: flags.token } : {},
    color: parseColorMode(String(flags.color ?? "auto")),
    input: flags.input !== false,
    debug: flags.debug === true
  };
}
function describeError(error, debug) {
  if (error instanceof CommanderError) {
    const text2 = error.message.replace(/^error: /, "");
    return { message: `${text2} (see --help)`, code: ExitCode.usage };
  }
  if (error instanceof ActivityError) {
    return { message: error.hint ? `${error.message} \u2014 ${error.hint}` : error.message, code: error.exitCode };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    message: `unexpected error: ${detail}${debug ? "" : " (run with --debug for details)"}`,
    code: ExitCode.store
  };
}
async function main(argv, io) {
  const debug = argv.includes("--debug");
  const run = async (command, action) => {
    const flags = command.optsWithGlobals();
    const ctx = new Context(io, globalOptions(flags));
    try {
      await action(ctx, command.opts(), command.args);
    } finally {
      await ctx.close();
    }
  };
  const program2 = buildProgram(run);
  for (const command of [program2, ...program2.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text2) => io.stdout.write(text2),
      writeErr: (text2) => io.stderr.write(text2),
      outputError: () => {
      }
    });
  }
  try {
    await program2.parseAsync([...argv]);
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError && (error.exitCode === 0 || error.code === "commander.help")) {
      return ExitCode.ok;
    }
    if (error instanceof OutputClosedError) return ExitCode.ok;
    if (error instanceof QuietExit) return error.exitCode;
    const { message, code } = describeError(error, debug);
    io.stderr.write(`activity: ${sanitize(message)}
`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}
`);
    return code;
  }
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  main
});
