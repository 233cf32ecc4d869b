/**
 * The peer for the benchmark: the same three-step menu flow (menu → change language → pick a
 * language → menu again) written the way a Bot Framework developer would, with botbuilder-dialogs
 * (a devDependency, loaded only by `lockcare bench`), its state in the same Redis through a
 * small `Storage` on node-redis.
 */
import { ActivityTypes, BotAdapter, ConversationState, TurnContext, type Activity, type ConversationReference, type ResourceResponse, type Storage, type StoreItems } from 'botbuilder-core';
import { ChoiceFactory, ChoicePrompt, DialogSet, DialogTurnStatus, WaterfallDialog, type FoundChoice } from 'botbuilder-dialogs';
import { createClient } from 'redis';

/** The user's side of the peer's flow: a greeting, then answers typed as the options' titles. */
export const PEER_SCRIPT = ['hello', 'Change language', 'English', 'Change language', 'English', 'Change language', 'English', 'Change language', 'English', 'Change language'];

const MENU = ['Fix a lock problem', 'Check warranty', 'Talk to a person', 'Change language'];
const LANGUAGES = ['English', 'Español', 'العربية'];

/** The one method of a node-redis client the storage needs. */
interface CommandSender {
  sendCommand<T>(args: readonly string[]): Promise<T>;
}

/** botbuilder `Storage` on node-redis: one GET per read key, one SET per written key, JSON values. */
class RedisBotStorage implements Storage {
  constructor(
    private readonly client: CommandSender,
    private readonly prefix: string,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const values = await Promise.all(keys.map((key) => this.client.sendCommand<string | null>(['GET', this.prefix + key])));
    keys.forEach((key, i) => {
      const value = values[i];
      if (value) items[key] = JSON.parse(value);
    });
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, value]) => this.client.sendCommand(['SET', this.prefix + key, JSON.stringify(value)])));
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.client.sendCommand(['DEL', this.prefix + key])));
  }
}

/** An adapter with no channel behind it: replies are counted, not sent. */
class BenchAdapter extends BotAdapter {
  sent = 0;

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.sent += activities.length;
    return activities.map((_, i) => ({ id: String(i) }));
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(_reference: Partial<ConversationReference>, _logic: (context: TurnContext) => Promise<void>): Promise<void> {}

  processTurn(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

export interface BotbuilderPeer {
  /** Run one user message through the peer bot. */
  turn(conversationId: string, text: string): Promise<void>;
  repliesSent(): number;
  close(): Promise<void>;
}

export async function createBotbuilderPeer(redisUrl: string, prefix: string): Promise<BotbuilderPeer> {
  const client = createClient({ url: redisUrl, RESP: 2 });
  client.on('error', () => undefined);
  await client.connect();
  const conversationState = new ConversationState(new RedisBotStorage(client, prefix));
  const dialogs = new DialogSet(conversationState.createProperty('dialogState'));
  dialogs.add(new ChoicePrompt('choice', undefined, 'en-us'));
  dialogs.add(
    new WaterfallDialog('menu', [
      async (step) => step.prompt('choice', { prompt: 'What do you need help with?', choices: ChoiceFactory.toChoices(MENU) }),
      async (step) => {
        if ((step.result as FoundChoice).value !== 'Change language') {
          await step.context.sendActivity('A person will follow up.');
          return step.replaceDialog('menu');
        }
        return step.prompt('choice', { prompt: 'Which language would you like?', choices: ChoiceFactory.toChoices(LANGUAGES) });
      },
      async (step) => {
        await step.context.sendActivity(`Language set: ${(step.result as FoundChoice).value}`);
        return step.replaceDialog('menu');
      },
    ]),
  );
  const adapter = new BenchAdapter();
  const bot = { id: 'bot', name: 'bot' };

  return {
    async turn(conversationId, text) {
      const activity: Partial<Activity> = {
        type: ActivityTypes.Message,
        channelId: 'bench',
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: conversationId },
        from: { id: `user-${conversationId}`, name: 'user' },
        recipient: bot,
        text,
        locale: 'en-US',
      };
      await adapter.processTurn(activity, async (context) => {
        const dc = await dialogs.createContext(context);
        const result = await dc.continueDialog();
        if (result.status === DialogTurnStatus.empty) await dc.beginDialog('menu');
        await conversationState.saveChanges(context);
      });
    },
    repliesSent: () => adapter.sent,
    async close() {
      await client.close();
    },
  };
}
