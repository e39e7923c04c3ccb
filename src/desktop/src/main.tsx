import { render } from 'preact';
import { App } from './app';
import { DesktopSession } from './session';
import './styles.css';

const session = new DesktopSession();
render(<App session={session} />, document.getElementById('app')!);
void session.resume();
